"""The one exception root; each class carries the CLI exit code it maps to."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "InputError",
    "RenderError",
    "SkillwageError",
    "ValidationFailed",
]


class SkillwageError(Exception):
    """Root of every error the library raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def lines(self) -> list[str]:
        """One line per problem, the summary last, as the CLI prints them."""
        return [*self.details, self.message] if self.details else [self.message]


class InputError(SkillwageError):
    """Bad input: unreadable or malformed context, unknown region, bad option (exit 2)."""

    exit_code = 2


class ValidationFailed(SkillwageError):
    """A context loaded fine but breaks a rule, e.g. a wage at or below the legal minimum (exit 1)."""

    exit_code = 1


class RenderError(SkillwageError):
    """A template or engine failed; points at the template and the context (exit 3)."""

    exit_code = 3
