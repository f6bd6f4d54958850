"""The tool's own hooks (its hooks.py, loaded from SCHEMATHESIS_TOOL), and one work-around.

Schemathesis 4.25 negates a boolean query parameter by sending the string "true" or "false",
which is the parameter's valid wire form, then reports the service's 200 as "API accepted
schema-violating request" (upstream issue 4254, PR 4257). Such a case gets a value that is
really invalid instead, so it still tests what it meant to: a 400.
"""
import importlib.util
import os
from pathlib import Path

import schemathesis

_spec = importlib.util.spec_from_file_location("tool_hooks", Path(os.environ["SCHEMATHESIS_TOOL"]) / "hooks.py")
_tool_hooks = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tool_hooks)


def _boolean_query_parameters(operation):
    return {
        parameter.name
        for parameter in operation.query
        if parameter.definition.get("schema", {}).get("type") == "boolean"
    }


@schemathesis.hook
def before_call(ctx, case, kwargs):
    meta = case.meta
    if not meta or not meta.generation.mode.is_negative or not case.query:
        return
    for name in _boolean_query_parameters(case.operation):
        if case.query.get(name) in ("true", "false"):
            case.query[name] = "not-a-boolean"
