"""SHACL validation of a graph against kg/data/shapes.ttl (pySHACL), with readable violations."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph
from rdflib.collection import Collection
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


def _message(report: Graph, result, shape_graph: Graph) -> str:
    """A result's message; a value outside an `sh:in` list is told with the list in the shapes' own order
    (pySHACL lists it in an order that varies from run to run)."""
    allowed = shape_graph.value(report.value(result, SH.sourceShape), SH["in"])
    if report.value(result, SH.sourceConstraintComponent) == SH.InConstraintComponent and allowed is not None:
        names = shape_graph.namespace_manager
        values = ", ".join(repr(v.n3(names)) for v in Collection(shape_graph, allowed))
        return f"Value {report.value(result, SH.value).n3(names)} not in list [{values}]"
    return str(report.value(result, SH.resultMessage) or "violates its shape")


def validate(ds: Dataset) -> list[Violation]:
    """Every violation of the shapes in the union of the dataset's graphs (empty when it conforms)."""
    data, shape_graph = union_graph(ds), shapes()
    conforms, report, _ = shacl_validate(data, shacl_graph=shape_graph, inference="none", advanced=True,
                                         allow_warnings=True)
    if conforms:
        return []
    out = []
    for result in report.subjects(SH.resultSeverity, None):
        out.append(Violation(
            severity=_short(report.value(result, SH.resultSeverity)),
            focus=str(report.value(result, SH.focusNode)),
            path=_short(report.value(result, SH.resultPath)),
            message=_message(report, result, shape_graph)))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
