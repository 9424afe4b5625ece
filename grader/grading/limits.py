"""The limits one graded notebook runs under: one dataclass for the command line, selfcheck, the
task and the engines (a task carries it as a plain dict, so that it crosses to a worker as JSON)."""
from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class Limits:
    timeout: int = 60                 # seconds per cell, and per test cell in the judge
    memory_mb: int = 2048             # the kernel's data segment (MemoryError); its control group gets MEMORY_SLACK_MB more
    max_output_bytes: int = 1_000_000  # everything the notebook outputs, errors included
    nproc: int = 256                  # processes of the sandbox
    fsize_mb: int = 64                # largest file it may write
    cpu_seconds: int = 3600           # CPU time of the kernel process
    sandbox: bool = True              # bubblewrap (False: --no-sandbox)
    wall_seconds: int = 0             # the whole notebook; 0: WALL_START + 2 x timeout per code cell

    WALL_START = 60
    MEMORY_SLACK_MB = 64              # the kernel's own bookkeeping in the control group

    def wall(self, code_cells):
        return self.wall_seconds or self.WALL_START + 2 * self.timeout * code_cells

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, values):
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(values or {}).items() if k in known and v is not None})
