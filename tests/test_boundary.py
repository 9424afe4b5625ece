"""The boundary between judge and kernel (grader/grading/boundary.py), both ends in this process:
the "kernel" end serves a namespace from a thread, over a socketpair."""
import socket
import threading

import numpy as np
import pytest

from grader.grading import boundary


@pytest.fixture
def link():
    judge_sock, kernel_sock = socket.socketpair()
    ns = {}
    kernel = boundary.Endpoint(kernel_sock, namespace=ns, peer_name="the grader")
    judge = boundary.Endpoint(judge_sock, peer_name="your notebook")
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                kernel.serve()
            except boundary.PeerGone:
                return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()

    def names(*wanted, **define):
        ns.update(define)
        judge.deadline = None
        judge.wait_hello()
        found = judge.request("lookup", None, list(wanted))
        return found

    def finish():
        judge.done()

    yield names, finish, ns, judge
    stop.set()
    judge_sock.close()
    thread.join(timeout=5)


def test_data_crosses_by_value_with_its_types(link):
    names, finish, ns, _ = link
    value = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), 3: (1, 2.5, None, True, "x"), (1, 2): [np.int64(7)],
             "s": {1, 2}, "c": 1 + 2j, "r": range(3), "b": np.array([True, False]), "t": np.array(["ham", "spam"]),
             "nan": float("nan"), "big": 2 ** 80}
    got = names("value", value=value)["value"]
    finish()
    assert got is not value
    assert got["a"].dtype == np.float32 and got["a"].shape == (2, 3) and np.array_equal(got["a"], value["a"])
    assert got[3] == (1, 2.5, None, True, "x") and got[(1, 2)][0] == 7 and type(got[(1, 2)][0]) is np.int64
    assert got["s"] == {1, 2} and got["c"] == 1 + 2j and got["r"] == range(3) and got["big"] == 2 ** 80
    assert got["b"].dtype == bool and list(got["t"]) == ["ham", "spam"] and np.isnan(got["nan"])


def test_functions_run_in_the_kernel_and_in_place_changes_come_back(link):
    names, finish, ns, _ = link
    calls = []

    def update(params, grads, lr):
        calls.append(threading.current_thread().name)
        params["W"] -= lr * grads["W"]       # in place
        params["b"] = params["b"] - lr       # rebound
        return params["W"]

    f = names("update", update=update)["update"]
    params = {"W": np.ones(3), "b": np.zeros(2)}
    W = params["W"]
    returned = f(params, {"W": np.full(3, 2.0)}, 0.5)
    finish()
    assert calls and calls[0] != threading.current_thread().name
    assert np.array_equal(W, np.zeros(3)) and params["W"] is W, "the judge's own array changed in place"
    assert np.array_equal(params["b"], [-0.5, -0.5])
    assert returned is W, "a returned argument is the judge's own object"


def test_an_unchanged_input_stays_and_a_generator_advances(link):
    names, finish, ns, _ = link
    f = names("draw", draw=lambda rng, x: rng.random(3) + x.sum())["draw"]
    rng, twin = np.random.default_rng(5), np.random.default_rng(5)
    x = np.ones(2)
    got = f(rng, x)
    finish()
    assert np.allclose(got, twin.random(3) + 2) and rng.random() == twin.random()


def test_callbacks_run_in_the_judge_and_nest(link):
    names, finish, ns, _ = link

    def numerical_gradient(f, x, h=1e-5):
        g = np.zeros_like(x)
        for i in range(len(x)):
            e = np.zeros_like(x)
            e[i] = h
            g[i] = (f(x + e) - f(x - e)) / (2 * h)
        return g

    ng = names("numerical_gradient", numerical_gradient=numerical_gradient)["numerical_gradient"]
    seen = []

    def loss(w):
        seen.append(threading.current_thread().name)
        return float(np.sum(w ** 2))
    g = ng(loss, np.array([1.0, -2.0]))
    finish()
    assert np.allclose(g, [2.0, -4.0], atol=1e-6)
    assert set(seen) == {threading.current_thread().name}


def test_objects_are_handles_with_state_in_the_kernel(link):
    names, finish, ns, _ = link

    class Counter:
        def __init__(self, start):
            self.n = start

        def step(self):
            self.n += 1
            return self.n

    def gen(n):
        yield from range(n)

    cls, g = (lambda d: (d["Counter"], d["gen"]))(names("Counter", "gen", Counter=Counter, gen=gen))
    c = cls(3)
    assert c.step() == 4 and c.step() == 5 and c.n == 5
    c.n = 10
    assert c.step() == 11
    assert list(g(4)) == [0, 1, 2, 3]
    with pytest.raises(AttributeError):
        c._ask("getattr", "__dict__")  # the serving side refuses private names, however asked
    assert "Counter" in repr(c)
    finish()


def test_errors_cross_as_builtin_types_or_remote_error(link):
    names, finish, ns, _ = link

    class Mine(ValueError):
        pass

    def raises(kind):
        if kind == 0:
            raise NotImplementedError()
        if kind == 1:
            raise Mine("bad shape " + "x" * 5000)
        raise OSError("nope")
    f = names("raises", raises=raises)["raises"]
    with pytest.raises(NotImplementedError):
        f(0)
    with pytest.raises(ValueError) as info:
        f(1)
    assert len(str(info.value)) <= boundary.MAX_ERROR_TEXT
    with pytest.raises(boundary.RemoteError, match="OSError: nope"):
        f(2)
    finish()


@pytest.mark.parametrize("bad", [np.array([object()]), np.zeros(2, dtype=[("a", "f8")])])
def test_object_and_record_arrays_do_not_cross(link, bad):
    names, finish, ns, _ = link
    f = names("f", f=lambda: bad)["f"]
    with pytest.raises(TypeError, match="cannot cross"):
        f()
    finish()


def test_a_lying_kernel_cannot_reach_the_judges_files(link):
    """A handle to a judge function gives the kernel a call, never its globals or modules."""
    names, finish, ns, judge = link
    import os
    grab = names("grab", grab=lambda cb: cb.__globals__)["grab"]
    with pytest.raises(AttributeError):
        grab(lambda: 1)
    with pytest.raises(boundary.BoundaryError):
        grab(os)
    with pytest.raises(boundary.BoundaryError):
        grab(open)
    finish()


def test_malformed_messages_are_refused():
    a, b = socket.socketpair()
    judge = boundary.Endpoint(a)
    judge.deadline = None
    import struct
    b.sendall(struct.pack("<I", 1) + struct.pack("<Q", 5) + b"[1,2]")
    with pytest.raises(boundary.BoundaryError):
        judge._recv()
    b.sendall(struct.pack("<I", 2) + struct.pack("<Q", 1 << 40))
    with pytest.raises(boundary.BoundaryError):
        judge._recv()
    a.close(), b.close()
