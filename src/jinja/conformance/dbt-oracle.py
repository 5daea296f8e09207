#!/usr/bin/env python3
"""The shared reference renderer (jinja2-oracle.py), extended with what dbt's context has and it lacks:

- a loader per case, so `{% include %}`, `{% import %}` and `{% from %}` resolve the case's `templates`
  ({"name": "source"}), as dbt resolves them among a project's files;
- `exceptions.warn`, which dbt provides next to `raise_compiler_error` (it logs and renders nothing);
- dbt's full `{% materialization %}` signature: `name, default`, `name, adapter='x'` and
  `supported_languages=[...]`, which becomes a parameter defaulting to ['sql'] (the shared oracle only
  accepts `key=value` arguments).

Usage: dbt-oracle.py <path of jinja2-oracle.py>  (cases as JSON on stdin, results as JSON on stdout,
in the same formats as the shared oracle, each case with an optional "templates" object).
"""
import importlib.util
import json
import sys

import jinja2
import jinja2.ext
import jinja2.nodes


class Materialization(jinja2.ext.Extension):
    """`{% materialization <name>, default|adapter='<adapter>'[, supported_languages=[...]] %}` as dbt parses it:
    a macro named materialization_<name>_<adapter> whose one parameter is supported_languages."""
    tags = {"materialization"}

    def parse(self, parser):
        node = jinja2.nodes.Macro(lineno=next(parser.stream).lineno)
        name = parser.parse_assign_target(name_only=True).name
        adapter = "default"
        node.args, node.defaults = [], []
        while parser.stream.skip_if("comma"):
            target = parser.parse_assign_target(name_only=True)
            if target.name == "default":
                continue
            parser.stream.expect("assign")
            value = parser.parse_expression()
            if target.name == "adapter":
                adapter = value.value
            elif target.name == "supported_languages":
                target.set_ctx("param")
                node.args.append(target)
                node.defaults.append(value)
            else:
                parser.fail("Unexpected argument '%s' to materialization '%s'" % (target.name, name), target.lineno)
        if not any(arg.name == "supported_languages" for arg in node.args):
            node.args.append(jinja2.nodes.Name("supported_languages", "param"))
            node.defaults.append(jinja2.nodes.List([jinja2.nodes.Const("sql")]))
        node.name = "materialization_%s_%s" % (name, adapter)
        node.body = parser.parse_statements(("name:endmaterialization",), drop_needle=True)
        return node


def load_shared_oracle(path):
    spec = importlib.util.spec_from_file_location("jinja2_oracle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # also installs its return() support on jinja2's Macro
    return module


def make_case_environment(oracle, case):
    # One environment per case: the loader differs, and no compiled-template cache leaks between cases.
    env = oracle.make_environment()
    env.loader = jinja2.DictLoader(case.get("templates") or {})
    for key, extension in list(env.extensions.items()):
        if "materialization" in getattr(extension, "tags", ()):
            del env.extensions[key]
    env.add_extension(Materialization)
    exceptions = dict(env.globals["exceptions"])
    exceptions["warn"] = lambda msg, node=None: ""
    env.globals["exceptions"] = exceptions
    return env


def main():
    oracle = load_shared_oracle(sys.argv[1])
    cases = json.load(sys.stdin)
    out = {}
    for case in cases:
        try:
            env = make_case_environment(oracle, case)
            out[case["name"]] = {"ok": True, "out": oracle.render(env, case)}
        except Exception as e:  # every failure is a result to compare, not a crash
            out[case["name"]] = {"ok": False, "error": "%s: %s" % (type(e).__name__, e)}
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
