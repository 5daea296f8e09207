import { CompileError, StrataError } from '../errors/strata-error.js';
import type { NodeDraft } from './node-draft.js';

/** Any failure while rendering a node, as a StrataError naming the node's file. */
export function toRenderError(error: unknown, draft: NodeDraft): StrataError {
  if (error instanceof StrataError) {
    if (error.location) return error;
    return new CompileError(error.message, {
      location: { file: draft.input.file.original_file_path },
      hint: error.hint,
      frame: error.frame,
      nodeId: draft.id,
      cause: error,
    }, error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CompileError(message, { location: { file: draft.input.file.original_file_path }, nodeId: draft.id, cause: error });
}
