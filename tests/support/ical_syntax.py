"""RFC 5545 syntax for the strict iCalendar checker: lines, folding, parameters, components.

Problems are reported in words and collected into the caller's list, so one pass says
everything that is wrong with a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_OCTETS = 75
_REPORT_LIMIT = 5  # repeated problems of one kind are summarised after this many

_NAME = r"[A-Za-z0-9-]+"
_QUOTED = r'"[^"\x00-\x08\x0a-\x1f\x7f]*"'
_PLAIN = r'[^";:,\x00-\x08\x0a-\x1f\x7f]*'
_VALUES = rf"(?:{_QUOTED}|{_PLAIN})(?:,(?:{_QUOTED}|{_PLAIN}))*"
_CONTENT_LINE = re.compile(
    rf"({_NAME})((?:;{_NAME}={_VALUES})*):([^\x00-\x08\x0a-\x1f\x7f]*)", re.DOTALL
)
_PARAM = re.compile(rf";({_NAME})=({_VALUES})")
_PARAM_VALUE = re.compile(rf"(?:^|,)({_QUOTED}|{_PLAIN})")
_BACKSLASH_ESCAPE = re.compile(r'\\([\\,;:nN"]|$)')
_TEXT_ESCAPE = re.compile(r"\\(.?)|([;,])", re.DOTALL)

_SINGLE_VALUED_PARAMS = frozenset(
    {"CN", "ROLE", "PARTSTAT", "RSVP", "TZID", "VALUE", "CUTYPE", "SENT-BY", "DIR", "LANGUAGE"}
)
_TEXT_PROPERTIES = frozenset(
    {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "UID", "TZNAME", "X-WR-CALNAME"}
)


@dataclass(frozen=True)
class Property:
    name: str
    params: dict[str, list[str]]  # values with their double quotes removed
    value: str
    line: int  # physical line number (1-based) where the property starts


@dataclass
class Component:
    name: str
    line: int
    properties: list[Property] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def parse_calendar(text: str, problems: list[str]) -> Component | None:
    """The file's one VCALENDAR, after reporting every problem with its lines and nesting."""
    _check_line_endings(text, problems)
    physical = re.split(r"\r?\n", text)
    if physical[-1] == "":
        physical.pop()
    _check_line_lengths(physical, problems)
    properties = _parse_lines(_unfold(physical, problems), problems)
    return _build_tree(properties, problems)


def check_values(calendar: Component, problems: list[str]) -> None:
    """Parameter values and text values everywhere in the calendar must be written correctly."""
    for prop in _all_properties(calendar):
        _check_params(prop, problems)
        if prop.name in _TEXT_PROPERTIES:
            _check_text(prop, problems)


def _check_line_endings(text: str, problems: list[str]) -> None:
    bare_lf = len(re.findall(r"(?<!\r)\n", text))
    bare_cr = len(re.findall(r"\r(?!\n)", text))
    if bare_lf:
        problems.append(f"{bare_lf} line(s) end with LF instead of CRLF")
    if bare_cr:
        problems.append(f"{bare_cr} bare CR character(s) outside a CRLF")
    if text and not text.endswith("\n"):
        problems.append("the last line does not end with CRLF")


def _check_line_lengths(physical: list[str], problems: list[str]) -> None:
    long_lines = [
        (number, octets)
        for number, line in enumerate(physical, 1)
        if (octets := len(line.encode())) > MAX_OCTETS
    ]
    for number, octets in long_lines[:_REPORT_LIMIT]:
        problems.append(f"line {number}: {octets} octets, longer than {MAX_OCTETS} (not folded)")
    if len(long_lines) > _REPORT_LIMIT:
        problems.append(f"... and {len(long_lines) - _REPORT_LIMIT} more unfolded lines")


def _unfold(physical: list[str], problems: list[str]) -> list[tuple[int, str]]:
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, 1):
        if line[:1] in (" ", "\t"):
            if not logical:
                problems.append(f"line {number}: a continuation line with nothing to continue")
                continue
            start, previous = logical[-1]
            logical[-1] = (start, previous + line[1:])
        elif line == "":
            problems.append(f"line {number}: empty line")
        else:
            logical.append((number, line))
    return logical


def _parse_lines(logical: list[tuple[int, str]], problems: list[str]) -> list[Property]:
    properties: list[Property] = []
    for number, line in logical:
        match = _CONTENT_LINE.fullmatch(line)
        if match is None:
            shown = line if len(line) <= 60 else line[:57] + "..."
            problems.append(f"line {number}: not a valid content line: {shown!r}")
            continue
        params: dict[str, list[str]] = {}
        for param in _PARAM.finditer(match.group(2)):
            name = param.group(1).upper()
            if name in params:
                problems.append(f"line {number}: parameter {name} given twice")
            values = [value.group(1) for value in _PARAM_VALUE.finditer(param.group(2))]
            params[name] = [_unquote(value) for value in values]
        properties.append(Property(match.group(1).upper(), params, match.group(3), number))
    return properties


def _unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def _build_tree(properties: list[Property], problems: list[str]) -> Component | None:
    root = Component("(file)", 0)
    stack = [root]
    for prop in properties:
        if prop.name == "BEGIN":
            child = Component(prop.value.upper(), prop.line)
            stack[-1].components.append(child)
            stack.append(child)
        elif prop.name == "END":
            if len(stack) == 1 or stack[-1].name != prop.value.upper():
                problems.append(f"line {prop.line}: END:{prop.value} does not close an open BEGIN")
            else:
                stack.pop()
        elif len(stack) == 1:
            problems.append(f"line {prop.line}: {prop.name} outside any component")
        else:
            stack[-1].properties.append(prop)
    for unclosed in stack[1:]:
        problems.append(f"line {unclosed.line}: BEGIN:{unclosed.name} is never closed")
    if [component.name for component in root.components] != ["VCALENDAR"]:
        problems.append("the file must hold exactly one VCALENDAR")
        return None
    return root.components[0]


def _check_params(prop: Property, problems: list[str]) -> None:
    for name, values in prop.params.items():
        if name in _SINGLE_VALUED_PARAMS and len(values) > 1:
            problems.append(
                f"line {prop.line}: {prop.name} {name} has {len(values)} values"
                " (a value holding , ; or : must be double-quoted)"
            )
        if any(_BACKSLASH_ESCAPE.search(value) for value in values):
            problems.append(
                f"line {prop.line}: {prop.name} {name} uses a backslash escape, which parameter"
                " values do not have (quote the value instead)"
            )


def _check_text(prop: Property, problems: list[str]) -> None:
    for match in _TEXT_ESCAPE.finditer(prop.value):
        if match.group(2):
            problems.append(f"line {prop.line}: {prop.name} has an unescaped {match.group(2)!r}")
            return
        if match.group(1) not in ("\\", ";", ",", "n", "N"):
            problems.append(f"line {prop.line}: {prop.name} has an invalid escape \\{match[1]}")
            return


def _all_properties(component: Component) -> list[Property]:
    found = list(component.properties)
    for child in component.components:
        found += _all_properties(child)
    return found
