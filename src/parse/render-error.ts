import { CompileError, StrataError } from '../errors/strata-error.js';
import type { NodeDraft } from './node-draft.js';

/** Any failure while rendering a node, as a StrataError naming the node's file (and line, for a generic test's entry). */
export function toRenderError(error: unknown, draft: NodeDraft): StrataError {
  if (error instanceof StrataError) {
    const declaredAt = draft.input.declaredAt;
    if (error.location && (error.location.line !== undefined || !declaredAt || error.location.file !== declaredAt.file)) return error;
    return new CompileError(error.message, {
      location: declaredAt ?? { file: draft.input.file.original_file_path },
      hint: error.hint,
      frame: error.frame,
      nodeId: draft.id,
      cause: error,
    }, error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CompileError(message, { location: draft.input.declaredAt ?? { file: draft.input.file.original_file_path }, nodeId: draft.id, cause: error });
}
