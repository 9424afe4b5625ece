"""The boundary between the judge and the student's kernel: data by value, objects by handle.

This one file runs on both sides of a Unix-domain socket: in the grader's judge (judge.py) and,
sent as text when the kernel starts, inside the student's sandboxed kernel. It needs only the
standard library and numpy, and it never sends or runs code: a message is JSON plus raw array
bytes.

What crosses by value (a copy on the other side):
    None, bool, int, float, complex, str; numpy arrays of bool, integer, float, complex or
    fixed-width text dtype, and numpy scalars of those; tuples, lists, dicts, sets, ranges and
    slices of these; a ``numpy.random.Generator`` (its bit generator's state).
What crosses by handle (a ``Remote`` proxy whose use runs on the side that owns the object):
    everything else: functions, classes, instances, Python generators. Through a handle one can
    call, read and set attributes whose names do not start with ``_``, iterate, index, take len().

One request, one reply, strictly nested: while a side waits for its reply it serves the other
side's requests (a callback from student code into a test's function, say).

In-place changes survive the crossing. Every array, list, dict and Generator in a request is
numbered; after the call the other side sends back what became of each (an array only when its
bytes changed), and the sender copies that into its own objects. A reply that returns one of the
request's objects names it by number, so ``f(w) is w`` holds on both sides.

Errors: an exception crosses as its nearest built-in type from ERRORS (a student's
``class MyError(ValueError)`` arrives as ValueError) with its message cut to MAX_ERROR_TEXT
characters; any other type arrives as ``RemoteError``.
"""
import builtins
import json
import os
import socket
import struct
import sys
import time
import types
import warnings

import numpy as np

MAX_MESSAGE_BYTES = 256 * 2**20   # one message, all frames
MAX_HEADER_BYTES = 16 * 2**20     # its JSON part
MAX_FRAMES = 100_000
MAX_DEPTH = 40
MAX_ITEMS = 1_000_000             # values in one message
MAX_ERROR_TEXT = 2000
ARRAY_KINDS = "biufcUS"
ERRORS = ("ArithmeticError", "AssertionError", "AttributeError", "EOFError", "FloatingPointError",
          "IndexError", "KeyError", "LookupError", "MemoryError", "NameError", "NotImplementedError",
          "OverflowError", "RecursionError", "RuntimeError", "StopIteration", "TypeError",
          "UnboundLocalError", "ValueError", "ZeroDivisionError", "LinAlgError")
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")
# never handed to the other side as a handle: what would let it run code or reach files here
NOT_EXPORTED = {builtins.open, builtins.eval, builtins.exec, builtins.compile, builtins.__import__,
                builtins.getattr, builtins.setattr, builtins.delattr, builtins.globals, builtins.locals,
                builtins.vars, builtins.input, builtins.breakpoint}
NOT_EXPORTED_MODULES = ("os", "sys", "io", "subprocess", "shutil", "pathlib", "importlib",
                        "socket", "pickle", "marshal", "ctypes", "inspect", "gc")


class BoundaryError(Exception):
    """The other side broke the protocol or a limit (size, depth, an unknown handle)."""


class RemoteError(Exception):
    """An exception of a type that does not cross (not in ERRORS), raised on the other side."""


class PeerGone(Exception):
    """The other side closed the connection (a dead kernel)."""


class CallTimeout(Exception):
    """No reply before the deadline."""


class _Done(Exception):
    pass


class Remote:
    """A handle: an object that lives on the other side. Using it runs there."""
    __slots__ = ("_endpoint", "_hid", "_kind")

    def __init__(self, endpoint, hid, kind):
        object.__setattr__(self, "_endpoint", endpoint)
        object.__setattr__(self, "_hid", hid)
        object.__setattr__(self, "_kind", kind)

    def _ask(self, op, body=None):
        return self._endpoint.request(op, self._hid, body)

    def __call__(self, *args, **kwargs):
        return self._ask("call", (args, kwargs))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return self._ask("getattr", name)

    def __setattr__(self, name, value):
        if name.startswith("_"):
            raise AttributeError(f"cannot set {name} through the grader's boundary")
        self._ask("setattr", (name, value))

    def __iter__(self):
        return self._ask("iter")

    def __next__(self):
        return self._ask("next")

    def __len__(self):
        return self._ask("len")

    def __bool__(self):
        return self._ask("bool")

    def __getitem__(self, key):
        return self._ask("getitem", key)

    def __setitem__(self, key, value):
        self._ask("setitem", (key, value))

    def __contains__(self, value):
        return self._ask("contains", value)

    def __repr__(self):
        return f"<{self._kind} from {self._endpoint.peer_name}>"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    __str__ = __repr__


# --- encoding ----------------------------------------------------------------------------------------

MUTABLE = (np.ndarray, list, dict, np.random.Generator)


class _Encoder:
    """One message's worth of values: JSON nodes and array blobs. A mutable object (array, list,
    dict, Generator) gets a twin on the other side the first time it crosses (node key "m"); later
    it crosses as a reference to that twin ("$m"), and its changes travel as the message's "sync"."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.blobs = []
        self.items = 0
        self.new = []                # twins made by this message
        self.used = set()            # twins it names

    def blob(self, data):
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, obj, depth=0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise BoundaryError("a value too deeply nested or too large to cross the grader's boundary")
        if obj is None or type(obj) in (bool, str, int, float):
            return obj
        if isinstance(obj, MUTABLE):
            mid = self.endpoint.twin_of(obj)
            if mid is not None:
                self.used.add(mid)
                return {"$m": mid}
            self._check(obj)
            mid = self.endpoint.make_twin(obj)
            self.new.append(mid)
            node = self.content(obj, depth)
            node["m"] = mid
            return node
        return self.content(obj, depth)

    def _check(self, obj):
        if isinstance(obj, np.ndarray):
            self._check_dtype(obj.dtype)
        elif isinstance(obj, np.random.Generator) and type(obj.bit_generator).__name__ not in BIT_GENERATORS:
            raise BoundaryError(f"a Generator with bit generator {type(obj.bit_generator).__name__} "
                                "cannot cross the grader's boundary")

    def content(self, obj, depth=0):
        """The node of ``obj`` itself (for a mutable object: its current state)."""
        enc = lambda v: self.encode(v, depth + 1)  # noqa: E731
        if isinstance(obj, bool):
            return bool(obj)
        if isinstance(obj, int) and not isinstance(obj, np.generic):
            return int(obj)
        if isinstance(obj, float) and not isinstance(obj, np.generic):
            return float(obj)
        if isinstance(obj, str):
            return str(obj)
        if isinstance(obj, complex):
            return {"$complex": [obj.real, obj.imag]}
        if isinstance(obj, np.generic):
            array = np.asarray(obj)
            self._check_dtype(array.dtype)
            return {"$nd": self.blob(array.tobytes()), "dtype": array.dtype.str, "shape": [], "scalar": True}
        if isinstance(obj, np.ndarray):
            array = obj.view(np.ndarray)
            self._check_dtype(array.dtype)
            return {"$nd": self.blob(array.tobytes()), "dtype": array.dtype.str, "shape": list(array.shape)}
        if isinstance(obj, np.random.Generator):
            return {"$rng": type(obj.bit_generator).__name__, "state": enc(obj.bit_generator.state)}
        if isinstance(obj, list):
            return {"$list": [enc(v) for v in obj]}
        if isinstance(obj, dict):
            return {"$dict": [[enc(k), enc(v)] for k, v in obj.items()]}
        if isinstance(obj, tuple):
            return {"$tuple": [enc(v) for v in obj]}
        if isinstance(obj, (set, frozenset)):
            return {"$set": [enc(v) for v in obj], "frozen": isinstance(obj, frozenset)}
        if isinstance(obj, range):
            return {"$range": [obj.start, obj.stop, obj.step]}
        if isinstance(obj, slice):
            return {"$slice": [enc(obj.start), enc(obj.stop), enc(obj.step)]}
        if isinstance(obj, Remote) and obj._endpoint is self.endpoint:
            return {"$home": obj._hid}
        return self.endpoint.export(obj)

    @staticmethod
    def _check_dtype(dtype):
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
            raise BoundaryError(f"an array of dtype {dtype} cannot cross the grader's boundary "
                                "(numbers, booleans and text only)")


class _Decoder:
    def __init__(self, endpoint, blobs):
        self.endpoint, self.blobs = endpoint, blobs
        self.items = 0

    def decode(self, node, depth=0):
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise BoundaryError("a value too deeply nested or too large")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if not isinstance(node, dict):
            raise BoundaryError(f"unexpected node {type(node).__name__}")
        dec = lambda v: self.decode(v, depth + 1)  # noqa: E731
        if "$m" in node:
            return self.endpoint.twin(node["$m"])
        if "$nd" in node:
            value = self._array(node)
        elif "$rng" in node:
            if node["$rng"] not in BIT_GENERATORS:
                raise BoundaryError(f"unknown bit generator {node['$rng']!r}")
            value = np.random.Generator(getattr(np.random, node["$rng"])())
            value.bit_generator.state = dec(node["state"])
        elif "$list" in node:
            value = []
            self._keep(node, value)
            value.extend(dec(v) for v in node["$list"])
            return value
        elif "$dict" in node:
            value = {}
            self._keep(node, value)
            for k, v in node["$dict"]:
                value[dec(k)] = dec(v)
            return value
        elif "$tuple" in node:
            return tuple(dec(v) for v in node["$tuple"])
        elif "$set" in node:
            items = [dec(v) for v in node["$set"]]
            return frozenset(items) if node.get("frozen") else set(items)
        elif "$range" in node:
            return range(*[int(v) for v in node["$range"]])
        elif "$slice" in node:
            return slice(*[dec(v) for v in node["$slice"]])
        elif "$complex" in node:
            re_, im = node["$complex"]
            return complex(float(re_), float(im))
        elif "$home" in node:
            return self.endpoint.exported(node["$home"])
        elif "$obj" in node:
            return Remote(self.endpoint, int(node["$obj"]), str(node.get("kind", "object"))[:80])
        else:
            raise BoundaryError(f"unknown node {sorted(node)[:3]}")
        self._keep(node, value)
        return value

    def _keep(self, node, value):
        if "m" in node:
            self.endpoint.take_twin(node["m"], value)

    def _array(self, node):
        try:
            dtype = np.dtype(str(node["dtype"]))
            shape = tuple(int(s) for s in node["shape"])
            data = self.blobs[int(node["$nd"])]
        except (TypeError, ValueError, IndexError, KeyError) as error:
            raise BoundaryError(f"bad array node: {error}")
        _Encoder._check_dtype(dtype)
        if any(s < 0 for s in shape) or len(data) != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize:
            raise BoundaryError("array bytes do not match its shape")
        array = np.frombuffer(bytearray(data), dtype=dtype).reshape(shape)
        return array[()] if node.get("scalar") else array


def _apply(original, new):
    """Copy the state ``new`` (as it came from the other side) into ``original`` in place."""
    if isinstance(original, np.ndarray) and isinstance(new, np.ndarray):
        if original.shape == new.shape and original.dtype == new.dtype and original.flags.writeable:
            original[...] = new
        else:
            try:
                original.resize(new.shape, refcheck=False)
                original.dtype = new.dtype
                original[...] = new
            except (ValueError, TypeError, AttributeError):
                pass  # a view cannot change its shape: it keeps its old state
    elif isinstance(original, list) and isinstance(new, list):
        original[:] = new
    elif isinstance(original, dict) and isinstance(new, dict):
        original.clear()
        original.update(new)
    elif isinstance(original, np.random.Generator) and isinstance(new, np.random.Generator):
        original.bit_generator.state = new.bit_generator.state


def _state(obj):
    """What of a twinned object is compared to see whether it changed since it last crossed."""
    if isinstance(obj, np.ndarray):
        return ("nd", obj.shape, obj.dtype.str, obj.tobytes())
    if isinstance(obj, list):
        return ("list", list(obj))
    if isinstance(obj, dict):
        return ("dict", list(obj.keys()), list(obj.values()))
    return ("rng", json.dumps(obj.bit_generator.state, default=lambda a: np.asarray(a).tolist(), sort_keys=True))


def _same(a, b):
    if b is None or a[0] != b[0]:
        return False
    if a[0] == "list":
        return len(a[1]) == len(b[1]) and all(x is y for x, y in zip(a[1], b[1]))
    if a[0] == "dict":
        return a[1] == b[1] and all(x is y for x, y in zip(a[2], b[2]))
    return a == b


def _error_info(exc):
    for cls in type(exc).__mro__:
        if cls.__name__ in ERRORS and (getattr(builtins, cls.__name__, None) is cls or cls is np.linalg.LinAlgError):
            name = cls.__name__
            break
    else:
        name = None
    try:
        message = str(exc)
    except Exception:
        message = ""
    return {"type": name, "name": type(exc).__name__[:80], "message": message[:MAX_ERROR_TEXT]}


def _make_error(info):
    name, message = info.get("type"), str(info.get("message", ""))[:MAX_ERROR_TEXT]
    if name == "LinAlgError":
        return np.linalg.LinAlgError(message)
    if name in ERRORS and isinstance(getattr(builtins, name, None), type):
        return getattr(builtins, name)(message)
    return RemoteError(f"{str(info.get('name', 'Exception'))[:80]}: {message}")


# --- the connection ------------------------------------------------------------------------------------

class Endpoint:
    """One side of the boundary. ``namespace``: the names the other side may look up (the
    kernel's user namespace); None on the judge's side, which answers no look-ups.

    ``deadline`` (time.monotonic()) bounds every wait for a reply; None waits for ever.
    ``warnings``: warnings raised on the other side during calls, as text, collected here.
    """

    def __init__(self, sock, namespace=None, peer_name="the other side"):
        self.sock, self.namespace, self.peer_name = sock, namespace, peer_name
        self.exports, self.export_ids = {}, {}
        self.counter = 0
        self.deadline = None
        self.warnings = []
        self.calls = 0
        self.prefix = f"{os.getpid():x}.{id(self):x}."
        self.reset()

    def reset(self):
        """Forget every twin (each test cell starts afresh; handles stay)."""
        self.twins, self.twin_ids, self.states, self.next_twin = {}, {}, {}, 0

    # mutable objects that have a twin on the other side
    def twin_of(self, obj):
        return self.twin_ids.get(id(obj))

    def make_twin(self, obj):
        if len(self.twins) > MAX_ITEMS:
            raise BoundaryError("too many objects crossed the grader's boundary")
        mid = f"{self.prefix}{self.next_twin}"
        self.next_twin += 1
        self.twins[mid], self.twin_ids[id(obj)] = obj, mid
        return mid

    def take_twin(self, mid, obj):
        if not isinstance(mid, str) or mid in self.twins or len(self.twins) > MAX_ITEMS:
            raise BoundaryError(f"bad twin {mid!r}")
        self.twins[mid], self.twin_ids[id(obj)] = obj, mid

    def twin(self, mid):
        try:
            return self.twins[mid]
        except (KeyError, TypeError):
            raise BoundaryError(f"reference to unknown object {mid!r}")

    def _message(self, header, enc):
        """Send ``header`` (whose values ``enc`` encoded) with the changes of every older twin."""
        sync, forget = [], []
        for mid in list(self.twins):
            if mid in enc.new:
                continue
            obj = self.twins[mid]
            if mid not in enc.used and sys.getrefcount(obj) <= 3:
                # held by nothing but this table (obj and the call aside): nobody here can change or send it
                # again, so both sides forget it
                del self.twins[mid], self.twin_ids[id(obj)]
                self.states.pop(mid, None)
                forget.append(mid)
                continue
            state = _state(obj)
            if not _same(state, self.states.get(mid)):
                sync.append([mid, enc.content(obj)])
                self.states[mid] = state
        for mid in enc.new:
            self.states[mid] = _state(self.twins[mid])
        if sync:
            header["sync"] = sync
        if forget:
            header["forget"] = forget
        self._send(header, enc.blobs)

    def _received(self, header, blobs, *keys):
        """Decode ``header[key]`` for each key, then apply the message's changes to the twins here."""
        dec = _Decoder(self, blobs)
        before = set(self.twins)
        values = [dec.decode(header.get(key)) for key in keys]
        for mid, node in header.get("sync", []) or []:
            _apply(self.twin(mid), dec.decode(node))
            self.states[mid] = _state(self.twins[mid])
        for mid in set(self.twins) - before:
            self.states[mid] = _state(self.twins[mid])
        for mid in header.get("forget", []) or []:
            obj = self.twins.pop(mid, None)
            if obj is not None:
                self.twin_ids.pop(id(obj), None)
                self.states.pop(mid, None)
        return values

    # objects of this side handed out as handles
    def export(self, obj):
        if isinstance(obj, types.ModuleType) or _never_exported(obj):
            raise BoundaryError(f"{type(obj).__name__} {getattr(obj, '__name__', '')} cannot be handed "
                                "across the grader's boundary")
        hid = self.export_ids.get(id(obj))
        if hid is None:
            hid = len(self.exports)
            self.exports[hid], self.export_ids[id(obj)] = obj, hid
        kind = type(obj).__name__
        if isinstance(obj, type):
            kind = f"class {obj.__name__}"
        elif callable(obj) and hasattr(obj, "__name__"):
            kind = f"{type(obj).__name__} {obj.__name__}"
        return {"$obj": hid, "kind": kind[:80]}

    def exported(self, hid):
        try:
            return self.exports[int(hid)]
        except (KeyError, ValueError, TypeError):
            raise BoundaryError(f"unknown handle {hid!r}")

    # frames: a count, then each frame's length and bytes; frame 0 is the JSON header
    def _send(self, header, blobs=()):
        frames = [json.dumps(header, allow_nan=True).encode("utf-8")] + [bytes(b) for b in blobs]
        parts = [struct.pack("<I", len(frames))]
        for frame in frames:
            parts += [struct.pack("<Q", len(frame)), frame]
        try:
            self.sock.sendall(b"".join(parts))
        except (BrokenPipeError, ConnectionResetError, OSError) as error:
            raise PeerGone(str(error))

    def _read(self, n):
        chunks, left = [], n
        while left:
            if self.deadline is not None:
                remaining = self.deadline - time.monotonic()
                if remaining <= 0:
                    raise CallTimeout("no reply before the time limit")
                self.sock.settimeout(remaining)
            else:
                self.sock.settimeout(None)
            try:
                chunk = self.sock.recv(min(left, 1 << 22))
            except socket.timeout:
                raise CallTimeout("no reply before the time limit")
            except (ConnectionResetError, OSError) as error:
                raise PeerGone(str(error))
            if not chunk:
                raise PeerGone("the connection was closed")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)

    def _recv(self):
        (count,) = struct.unpack("<I", self._read(4))
        if not 1 <= count <= MAX_FRAMES:
            raise BoundaryError(f"a message of {count} frames")
        frames, total = [], 0
        for _ in range(count):
            (size,) = struct.unpack("<Q", self._read(8))
            total += size
            if total > MAX_MESSAGE_BYTES:
                raise BoundaryError(f"a message larger than {MAX_MESSAGE_BYTES} bytes")
            if not frames and size > MAX_HEADER_BYTES:
                raise BoundaryError(f"a message header larger than {MAX_HEADER_BYTES} bytes")
            frames.append(self._read(size))
        try:
            header = json.loads(frames[0].decode("utf-8"))
        except ValueError as error:
            raise BoundaryError(f"a message that is not JSON: {error}")
        if not isinstance(header, dict):
            raise BoundaryError("a message that is not a JSON object")
        return header, frames[1:]

    # asking
    def request(self, op, target=None, body=None):
        """Ask the other side to do ``op`` on its object ``target``; its answer, or its exception."""
        self.counter += 1
        rid = self.counter
        self.calls += 1
        enc = _Encoder(self)
        self._message({"id": rid, "op": op, "target": target, "body": enc.encode(body)}, enc)
        while True:
            header, blobs = self._recv()
            if "reply" not in header:
                self._serve_one(header, blobs)
                continue
            if header["reply"] != rid:
                raise BoundaryError("a reply to another request")
            (value,) = self._received(header, blobs, "ok")
            self.warnings += [str(w)[:MAX_ERROR_TEXT] for w in header.get("warnings", [])][:20]
            if "error" in header:
                raise _make_error(header["error"] if isinstance(header["error"], dict) else {})
            return value

    # answering
    def serve(self):
        """Answer requests until the other side says ``done``."""
        self.reset()
        self._send({"hello": True})
        try:
            while True:
                header, blobs = self._recv()
                self._serve_one(header, blobs)
        except _Done:
            return

    def done(self):
        self._send({"id": 0, "op": "done"})

    def wait_hello(self):
        header, _ = self._recv()
        if not header.get("hello"):
            raise BoundaryError("the kernel did not greet the judge")
        self.reset()

    def _serve_one(self, header, blobs):
        op, rid = header.get("op"), header.get("id")
        if op == "done":
            raise _Done()
        caught = []
        shown = warnings.showwarning

        def record(message, category, filename, lineno, file=None, line=None):
            caught.append(f"{category.__name__}: {message}")
        warnings.showwarning = record
        try:
            (body,) = self._received(header, blobs, "body")
            result, error = self._perform(op, header.get("target"), body), None
        except _Done:
            raise
        except BaseException as exc:  # the student's code may raise anything, SystemExit included
            result, error = None, _error_info(exc)
        finally:
            warnings.showwarning = shown
        enc = _Encoder(self)
        reply = {"reply": rid}
        if caught:
            reply["warnings"] = caught[:20]
        if error is None:
            try:
                reply["ok"] = enc.encode(result)
            except BoundaryError as exc:
                error = _error_info(TypeError(str(exc)))
        if error is not None:
            reply["error"] = error
        self._message(reply, enc)

    def _perform(self, op, target, body):
        if op == "lookup":
            if self.namespace is None or not isinstance(body, list):
                raise BoundaryError("look-ups are not answered here")
            return {name: self.namespace[name] for name in body if isinstance(name, str) and name in self.namespace}
        obj = self.exported(target)
        if op == "call":
            args, kwargs = body
            return obj(*args, **kwargs)
        if op in ("getattr", "setattr"):
            name = body if op == "getattr" else body[0]
            if not isinstance(name, str) or name.startswith("_"):
                raise AttributeError(f"attribute {name!r} is not reachable across the grader's boundary")
            if op == "getattr":
                return getattr(obj, name)
            setattr(obj, name, body[1])
            return None
        if op == "iter":
            return iter(obj)
        if op == "next":
            return next(obj)
        if op == "len":
            return len(obj)
        if op == "bool":
            return bool(obj)
        if op == "getitem":
            return obj[body]
        if op == "setitem":
            obj[body[0]] = body[1]
            return None
        if op == "contains":
            return body in obj
        raise BoundaryError(f"unknown request {op!r}")


def _never_exported(obj):
    try:
        if obj in NOT_EXPORTED:
            return True
    except TypeError:
        pass
    module = getattr(obj, "__module__", None) or ""
    return isinstance(module, str) and module.split(".")[0] in NOT_EXPORTED_MODULES and callable(obj) \
        and not isinstance(obj, type)
