"""Permission matrix rows of the work queues (Att göra)."""

from tests.matrix import MatrixRow, expect


def _filled(w):
    """The queues with a row in each (tests/todo/data.py): the sweep checks the tables too."""
    from tests.todo.data import fill_queues

    fill_queues(w)
    return {}


ROWS = [
    # Every logged-in user has the page; a reader's says there is no queue for their role.
    MatrixRow("todo:todo", expect(200), kwargs=_filled),
]
