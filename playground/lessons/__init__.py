"""The course as lessons: ordered steps the page walks through and the API serves."""

from playground.lessons.course import LESSONS
from playground.lessons.model import Example, Fidelity, Lesson, Step

__all__ = ["LESSONS", "Example", "Fidelity", "Lesson", "Step"]
