"""SHACL validation of a graph against kg/data/shapes.ttl (pySHACL), with readable violations."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.namespace import SH

from .graph import union_graph


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, and the message."""

    severity: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}"


def shapes() -> Graph:
    """The packaged shapes graph."""
    return Graph().parse(data=resources.files("kg.data").joinpath("shapes.ttl").read_text(encoding="utf-8"),
                         format="turtle")


def _short(term) -> str:
    return str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if term is not None else ""


def validate(ds: Dataset) -> list[Violation]:
    """Every violation of the shapes in the union of the dataset's graphs (empty when it conforms)."""
    data = union_graph(ds)
    conforms, report, _ = shacl_validate(data, shacl_graph=shapes(), inference="none", advanced=True,
                                         allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        out.append(Violation(
            severity=_short(report.value(result, SH.resultSeverity)),
            focus=str(report.value(result, SH.focusNode)),
            path=_short(report.value(result, SH.resultPath)),
            message=str(report.value(result, SH.resultMessage) or "violates its shape")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
