"""The small language of profile and note conditions, read and evaluated without ``eval``.

    when: job >= 3 and job - max(career, calling) >= 0.5
    when: agreement >= 4.5
    when: always

Names are scale ids (a scale's mean, 1 to the number of answer labels) and the built-ins below;
numbers; ``+`` and ``-``; ``min``, ``max`` and ``abs``; the comparisons ``< <= > >= == !=``; ``and``,
``or``, ``not`` and parentheses; ``always`` is true. Arithmetic is exact (`fractions.Fraction`), so
``3 - 2.5 >= 0.5`` holds and nothing depends on how floats round.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

BUILT_INS = {
    "agreement": "the mean of every statement's answer before reverse keying",
    "distinct": "how many different answers the statements got",
    "contradictions": "how many pairs of partner statements got answers on the same side of the middle",
}
FUNCTIONS = ("min", "max", "abs")
_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op><=|>=|==|!=|[<>()+,-]))")
_COMPARE = ("<", "<=", ">", ">=", "==", "!=")

Node = tuple[object, ...]


class ConditionError(ValueError):
    """A condition that cannot be read; ``col`` is 1-based within the condition text."""

    def __init__(self, message: str, col: int) -> None:
        super().__init__(message)
        self.col = col


@dataclass(frozen=True)
class Condition:
    """A parsed condition, ready to evaluate against scale means and built-ins."""

    text: str
    tree: Node

    def holds(self, values: Mapping[str, Fraction]) -> bool:
        """Whether the condition is true for ``values`` (every name it uses must be there), computed exactly."""
        return bool(_evaluate(self.tree, values))


MAX_TOKENS = 200  # far more than any real rule needs; keeps reading and evaluating shallow
MAX_DEPTH = 20  # parentheses inside parentheses
KEYWORDS = ("and", "or", "not", "always", *FUNCTIONS, *BUILT_INS)


def parse_condition(text: str, names: set[str]) -> Condition:
    """Read ``text``; ``names`` are the scale ids it may use besides the built-ins."""
    tokens = _tokens(text)
    if len(tokens) > MAX_TOKENS:
        raise ConditionError(
            f"expected a condition of at most {MAX_TOKENS} names, numbers and operators; found {len(tokens)}",
            tokens[MAX_TOKENS][2],
        )
    parser = _Parser(tokens, text, names | set(BUILT_INS))
    tree, kind = parser.expression()
    if parser.position < len(tokens):
        _, value, col = tokens[parser.position]
        raise ConditionError(f"expected 'and', 'or' or the end of the condition; found '{value}'", col)
    if kind != "bool":
        raise ConditionError("expected a comparison such as 'job >= 3'; found a number", 1)
    return Condition(text, tree)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    tokens: list[tuple[str, str, int]] = []
    position = 0
    while position < len(text):
        if not text[position:].strip():
            break
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            col = len(text) - len(text[position:].lstrip()) + 1
            raise ConditionError(f"expected a name, a number or an operator; found '{text[col - 1]}'", col)
        kind = match.lastgroup
        tokens.append((kind, match[kind], match.start(kind) + 1))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]], text: str, names: set[str]) -> None:
        self.tokens = tokens
        self.text = text
        self.names = names
        self.position = 0
        self.depth = 0

    def peek(self) -> str:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else ""

    def col(self) -> int:
        return self.tokens[self.position][2] if self.position < len(self.tokens) else len(self.text) + 1

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            found = f"'{self.peek()}'" if self.peek() else "the end of the condition"
            raise ConditionError(f"expected '{expected}'; found {found}", self.col())
        self.position += 1

    def expression(self) -> tuple[Node, str]:
        return self.binary(("or",), self.conjunction)

    def conjunction(self) -> tuple[Node, str]:
        return self.binary(("and",), self.negation)

    def binary(self, operators: tuple[str, ...], operand: object) -> tuple[Node, str]:
        assert callable(operand)
        col = self.col()
        left, kind = operand()
        while self.peek() in operators:
            operator = self.peek()
            self.position += 1
            right, right_kind = operand()
            if "num" in (kind, right_kind):
                raise ConditionError(f"expected comparisons on both sides of '{operator}'; found a number", col)
            left = (operator, left, right)
        return left, kind

    def negation(self) -> tuple[Node, str]:
        if self.peek() == "not":
            col = self.col()
            self.position += 1
            node, kind = self.negation()
            if kind != "bool":
                raise ConditionError("expected a comparison after 'not'; found a number", col)
            return ("not", node), "bool"
        return self.comparison()

    def comparison(self) -> tuple[Node, str]:
        left, kind = self.sum()
        if self.peek() in _COMPARE:
            operator, col = self.peek(), self.col()
            self.position += 1
            right, right_kind = self.sum()
            if "bool" in (kind, right_kind):
                raise ConditionError(f"expected numbers on both sides of '{operator}'; found a comparison", col)
            return (operator, left, right), "bool"
        return left, kind

    def sum(self) -> tuple[Node, str]:
        left, kind = self.atom()
        while self.peek() in ("+", "-"):
            operator, col = self.peek(), self.col()
            self.position += 1
            right, right_kind = self.atom()
            if "bool" in (kind, right_kind):
                raise ConditionError(f"expected numbers on both sides of '{operator}'; found a comparison", col)
            left = (operator, left, right)
        return left, kind

    def atom(self) -> tuple[Node, str]:
        if self.position >= len(self.tokens):
            raise ConditionError("expected a name or a number; found the end of the condition", self.col())
        kind, value, col = self.tokens[self.position]
        self.position += 1
        if kind == "number":
            return ("num", Fraction(value)), "num"
        if value == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionError(f"expected at most {MAX_DEPTH} parentheses inside one another; found more", col)
            node, node_kind = self.expression()
            self.take(")")
            self.depth -= 1
            return node, node_kind
        if value == "-":
            node, node_kind = self.atom()
            return ("-", ("num", Fraction(0)), node), node_kind
        if kind != "name":
            raise ConditionError(f"expected a name or a number; found '{value}'", col)
        if value == "always":
            return ("always",), "bool"
        if value in FUNCTIONS:
            self.take("(")
            arguments = [self.number_argument()]
            while self.peek() == ",":
                self.position += 1
                arguments.append(self.number_argument())
            self.take(")")
            return (value, *arguments), "num"
        if value not in self.names:
            known = ", ".join(sorted(self.names - set(BUILT_INS))) or "none"
            raise ConditionError(
                f"expected a scale id ({known}) or one of {', '.join(BUILT_INS)}; found '{value}'", col
            )
        return ("name", value), "num"

    def number_argument(self) -> Node:
        col = self.col()
        node, kind = self.sum()
        if kind != "num":
            raise ConditionError("expected a number; found a comparison", col)
        return node


def _evaluate(node: Node, values: Mapping[str, Fraction]) -> Fraction | bool:
    head = node[0]
    if head == "num":
        return node[1]  # type: ignore[return-value]
    if head == "name":
        return values[str(node[1])]
    if head == "always":
        return True
    if head == "not":
        return not _evaluate(node[1], values)  # type: ignore[arg-type]
    parts = [_evaluate(child, values) for child in node[1:]]  # type: ignore[arg-type]
    if head == "and":
        return bool(parts[0]) and bool(parts[1])
    if head == "or":
        return bool(parts[0]) or bool(parts[1])
    numbers = [Fraction(part) for part in parts]
    if head in ("min", "max"):
        return min(numbers) if head == "min" else max(numbers)
    if head == "abs":
        return abs(numbers[0])
    left, right = numbers[0], numbers[1]
    if head in ("+", "-"):
        return left + right if head == "+" else left - right
    compared: bool = {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[str(head)]
    return compared
