import type { Template } from '../index.js';

/** One macro definition a project or package provides, with the template it lives in. */
export interface MacroEntry {
  readonly name: string;
  readonly packageName: string;
  readonly template: Template;
  /** The key under which Template.bindMacros() returns this macro. */
  readonly bindKey: string;
  readonly file: string;
  readonly line: number;
}

/**
 * Every macro visible to templates, by package, with dbt's lookup order for unqualified names:
 * the root project first, then installed packages, then strata's built-in ("dbt") macros.
 */
export class MacroRegistry {
  private readonly byPackage = new Map<string, Map<string, MacroEntry>>();
  private flat: Map<string, MacroEntry> | undefined;

  constructor(
    readonly rootPackage: string,
    /** The package holding strata's built-in macros, addressable as `dbt.<name>` like dbt's global project. */
    readonly builtinPackage = 'dbt',
  ) {}

  add(entry: MacroEntry): void {
    let macros = this.byPackage.get(entry.packageName);
    if (!macros) this.byPackage.set(entry.packageName, (macros = new Map()));
    macros.set(entry.name, entry);
    this.flat = undefined;
  }

  packages(): string[] {
    return [...this.byPackage.keys()];
  }

  inPackage(packageName: string): ReadonlyMap<string, MacroEntry> {
    return this.byPackage.get(packageName) ?? new Map();
  }

  get(packageName: string, name: string): MacroEntry | undefined {
    return this.byPackage.get(packageName)?.get(name);
  }

  /** Unqualified lookup: root project, then other packages, then built-ins. */
  resolve(name: string): MacroEntry | undefined {
    return this.visible().get(name);
  }

  /** Every unqualified name and the macro it resolves to. */
  visible(): ReadonlyMap<string, MacroEntry> {
    if (this.flat) return this.flat;
    const flat = new Map<string, MacroEntry>();
    const layer = (pkg: string | undefined) => {
      if (pkg === undefined) return;
      for (const [name, entry] of this.byPackage.get(pkg) ?? []) flat.set(name, entry);
    };
    layer(this.builtinPackage);
    for (const pkg of this.byPackage.keys()) if (pkg !== this.rootPackage && pkg !== this.builtinPackage) layer(pkg);
    layer(this.rootPackage);
    this.flat = flat;
    return flat;
  }
}
