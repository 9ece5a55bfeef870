"""Background tasks: results, errors and progress arrive in the GUI thread; one writer at a time."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread

from briefreader.core.errors import LibraryError
from briefreader.gui.tasks import Task, TaskCancelled, TaskContext, TaskRunner


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(5000)


def test_result_arrives_in_the_gui_thread(runner: TaskRunner, qtbot) -> None:
    seen: dict[str, object] = {}

    def job(ctx: TaskContext, a: int, b: int = 0) -> int:
        seen["worker"] = QThread.currentThread()
        return a + b

    task = Task(job, 2, b=3)
    task.signals.finished.connect(lambda result: seen.update(gui=QThread.currentThread()))
    with qtbot.waitSignal(task.signals.finished, timeout=5000) as blocker:
        runner.submit(task)
    assert blocker.args == [5]
    assert seen["worker"] is not seen["gui"]
    assert seen["gui"] is QThread.currentThread()
    assert runner.wait(5000)
    assert not runner.busy


def test_user_errors_and_bugs_become_one_line_messages(runner: TaskRunner, qtbot, caplog) -> None:
    def user_error(ctx: TaskContext) -> None:
        raise LibraryError("That folder is not readable.")

    def bug(ctx: TaskContext) -> None:
        raise ZeroDivisionError("division by zero")

    task = Task(user_error)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:
        runner.submit(task)
    assert blocker.args == ["That folder is not readable."]
    task = Task(bug)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:
        runner.submit(task)
    assert blocker.args[0].startswith("Unexpected error in bug: ZeroDivisionError")
    assert "Traceback" not in blocker.args[0]
    assert any(r.exc_info for r in caplog.records)  # the bug's traceback is logged


def test_progress_and_cancellation(runner: TaskRunner, qtbot) -> None:
    started = threading.Event()

    def job(ctx: TaskContext) -> str:
        started.set()
        ctx.progress(0, 10, "start")
        while not ctx.cancelled():
            time.sleep(0.005)
        ctx.progress(10, 10, "stopped")
        return "stopped early"

    task = Task(job)
    progress: list[tuple[int, int, str]] = []
    task.signals.progress.connect(lambda d, t, m: progress.append((d, t, m)))
    runner.submit(task, writer=True)
    assert started.wait(5)
    with qtbot.waitSignal(task.signals.finished, timeout=5000) as blocker:
        runner.cancel_all()
    assert blocker.args == ["stopped early"]
    qtbot.waitUntil(lambda: len(progress) == 2)
    assert progress == [(0, 10, "start"), (10, 10, "stopped")]


def test_task_cancelled_exception(runner: TaskRunner, qtbot) -> None:
    def job(ctx: TaskContext) -> None:
        ctx.cancel_event.set()
        ctx.check()
        raise AssertionError("not reached")

    task = Task(job)
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        runner.submit(task)
    other = Task(lambda ctx: None)
    other.cancel()
    with pytest.raises(TaskCancelled):
        other.context.check()


def test_progress_is_throttled() -> None:
    task = Task(lambda ctx: None)
    received: list[int] = []
    task.signals.progress.connect(lambda d, t, m: received.append(d))
    for i in range(1000):
        task.context.progress(i, 1000)
    task.context.progress(1000, 1000)
    assert received[0] == 0 and received[-1] == 1000
    assert len(received) < 50


def test_one_index_writer_at_a_time(runner: TaskRunner, qtbot) -> None:
    active = 0
    most = 0
    order: list[int] = []
    lock = threading.Lock()

    def write(ctx: TaskContext, n: int) -> int:
        nonlocal active, most
        with lock:
            active += 1
            most = max(most, active)
        time.sleep(0.03)
        with lock:
            active -= 1
            order.append(n)
        return n

    tasks = [runner.submit(Task(write, n), writer=True) for n in range(4)]
    assert runner.writer is tasks[0]
    assert runner.pending_writers() == tasks[1:]
    reader = runner.run(lambda ctx: "search")  # not a writer: runs alongside
    assert runner.wait(10000)
    assert most == 1
    assert order == [0, 1, 2, 3]
    assert reader.result == "search"


def test_cancel_all_drops_queued_writers(runner: TaskRunner, qtbot) -> None:
    gate = threading.Event()

    def first(ctx: TaskContext) -> None:
        while not ctx.cancelled() and not gate.is_set():
            time.sleep(0.005)

    running = runner.submit(Task(first), writer=True)
    queued = runner.submit(Task(lambda ctx: "never"), writer=True)
    states: list[bool] = []
    runner.busy_changed.connect(states.append)
    with qtbot.waitSignal(queued.signals.cancelled, timeout=1000):
        runner.cancel_all()
    assert running.is_cancelled
    assert runner.wait(5000)
    assert queued.result is None and not queued.started.is_set()
    assert states[-1] is False
