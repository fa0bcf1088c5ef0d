"""Records: classes of named fields, like `dataclasses.dataclass`, that cost nothing to define.

`@dataclass` writes four or five methods as source text for every class it decorates and
compiles each (about 1 ms a class on this machine), and `import dataclasses` brings `inspect`
with `ast`, `dis` and `tokenize` (about 8 ms). An offline check defines some 25 classes on its
way to a verdict; those two costs were a third of its CPU. `@record` gives the same behaviour
from functions shared by every record, bound to the class's field names once:

    @record(frozen=True)
    class Ladder:
        subject: str
        note: str = ""
        rungs: list[Rung] = field(default_factory=list)

- `__init__` takes the fields positionally or by keyword, in annotation order (a base
  record's fields first), fills defaults and calls each `default_factory`;
- `__repr__` and `__eq__` (same class, equal fields) as a dataclass's; `__match_args__`;
- `frozen=True`: assigning or deleting a field raises `FrozenInstanceError` and instances
  hash by their fields; a mutable record, like a mutable dataclass, is unhashable;
- `replace(obj, **changes)` and `fields(obj)` stand in for their `dataclasses` namesakes.

Type checkers read it as a dataclass (PEP 681, `dataclass_transform`). Annotations whose text
starts with `ClassVar` are not fields. The tests hold a record to a dataclass of the same
fields, over generated classes and values.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # not typing's own: importing typing (~3 ms) is a cost this module avoids
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from typing_extensions import dataclass_transform  # typing has it only from 3.11

    T = TypeVar("T")
else:  # at run time it only marks the function
    def dataclass_transform(**_kwargs: object) -> Callable[[object], object]:
        return lambda function: function


__all__ = ["FrozenInstanceError", "field", "fields", "is_record", "record", "replace"]

_MISSING: Any = object()
_FIELDS = "__record_fields__"


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class _Field:
    """How one field is filled and shown: its default, or the callable that makes one; whether
    `__repr__` shows it and `__eq__` (and a frozen record's hash) compares it."""

    __slots__ = ("compare", "default", "default_factory", "repr")

    def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING,
                 repr: bool = True, compare: bool = True) -> None:
        self.default = default
        self.default_factory = default_factory
        self.repr = repr
        self.compare = compare


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] = _MISSING,
          repr: bool = True, compare: bool = True) -> Any:
    """A field's default, or a callable that makes a fresh one for every instance; `repr` and
    `compare` as in `dataclasses.field`."""
    if default is not _MISSING and default_factory is not _MISSING:
        raise ValueError("cannot specify both default and default_factory")
    return _Field(default, default_factory, repr, compare)


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return isinstance(text, str) and (text.startswith(("ClassVar", "typing.ClassVar")))


def _collect(cls: Any) -> dict[str, _Field]:
    """Every field of `cls` in `__init__` order (a base record's first), with its spec."""
    specs: dict[str, _Field] = {}
    for base in reversed(cls.__mro__[1:]):
        specs.update(base.__dict__.get("__record_specs__", {}))
    # not inspect.get_annotations: importing inspect is one of the costs this module avoids
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():  # noqa: RUF063
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, _MISSING)
        spec = value if isinstance(value, _Field) else _Field(default=value)
        specs[name] = spec
        if spec.default is _MISSING:
            if value is not _MISSING:
                delattr(cls, name)  # a factory's field has no class attribute
        else:
            setattr(cls, name, spec.default)
    seen_default = None
    for name, spec in specs.items():
        has_default = spec.default is not _MISSING or spec.default_factory is not _MISSING
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {name!r} follows default argument")
        seen_default = seen_default or has_default
    return specs


def _make_init(cls: Any, specs: dict[str, _Field]) -> Callable[..., None]:
    setter = object.__setattr__
    names = tuple(specs)
    defaults = {n: s.default for n, s in specs.items() if s.default is not _MISSING}
    factories = {n: s.default_factory for n, s in specs.items()
                 if s.default_factory is not _MISSING}
    count = len(names)
    title = cls.__qualname__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > count:
            raise TypeError(f"{title}.__init__() takes {count + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        for name, value in zip(names, args, strict=False):  # args may be fewer
            if name in kwargs:
                raise TypeError(f"{title}.__init__() got multiple values for argument "
                                f"{name!r}")
            setter(self, name, value)
        used = 0
        for name in names[len(args):]:
            if name in kwargs:
                value = kwargs[name]
                used += 1
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                raise TypeError(f"{title}.__init__() missing 1 required argument: {name!r}")
            setter(self, name, value)
        if used != len(kwargs):
            unknown = next(key for key in kwargs if key not in names[len(args):])
            raise TypeError(f"{title}.__init__() got an unexpected keyword argument "
                            f"{unknown!r}")

    __init__.__qualname__ = f"{title}.__init__"
    return __init__


def _values(obj: Any) -> tuple[Any, ...]:
    return tuple(getattr(obj, name) for name in obj.__record_compared__)


def _repr(self: Any) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__record_shown__)
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: object) -> bool:
    if other.__class__ is self.__class__:
        return _values(self) == _values(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_values(self))


def _freeze(cls: Any, names: tuple[str, ...]) -> None:
    """As a frozen dataclass: no field of an instance, and nothing on an instance of `cls`
    itself, may be assigned or deleted."""

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)

    cls.__setattr__ = __setattr__
    cls.__delattr__ = __delattr__


def _build(cls: Any, frozen: bool, eq: bool) -> Any:
    specs = _collect(cls)
    names = tuple(specs)
    cls.__record_specs__ = specs
    cls.__record_fields__ = names
    cls.__record_shown__ = tuple(n for n, spec in specs.items() if spec.repr)
    cls.__record_compared__ = tuple(n for n, spec in specs.items() if spec.compare)
    setattr(cls, "__match_args__", names)  # noqa: B010 - mypy refuses the plain assignment
    if "__init__" not in cls.__dict__:
        cls.__init__ = _make_init(cls, specs)
    if "__repr__" not in cls.__dict__:
        cls.__repr__ = _repr
    class_hash = cls.__dict__.get("__hash__", _MISSING)
    explicit_hash = not (class_hash is _MISSING
                         or (class_hash is None and "__eq__" in cls.__dict__))
    if eq and "__eq__" not in cls.__dict__:
        cls.__eq__ = _eq
    if eq and not explicit_hash:
        cls.__hash__ = _hash if frozen else None
    if frozen:
        _freeze(cls, names)
    return cls


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[T] | None = None, /, *, frozen: bool = False, eq: bool = True) -> Any:
    """Make `cls` a record of its annotated fields (see the module's docstring)."""
    if cls is not None:
        return _build(cls, frozen, eq)
    return lambda inner: _build(inner, frozen, eq)


def fields(obj: object) -> tuple[str, ...]:
    """The field names of a record or record class, in `__init__` order."""
    names = getattr(obj, _FIELDS, None)
    if names is None:
        raise TypeError(f"{obj!r} is not a record")
    return names


def is_record(obj: object) -> bool:
    """True for a record instance or record class."""
    return hasattr(obj, _FIELDS)


def replace(obj: T, /, **changes: Any) -> T:
    """A new record like `obj` with `changes` (as `dataclasses.replace`)."""
    names = fields(obj)
    unknown = [key for key in changes if key not in names]
    if unknown:
        raise TypeError(f"{type(obj).__qualname__}.__init__() got an unexpected keyword "
                        f"argument {unknown[0]!r}")
    values = {name: getattr(obj, name) for name in names}
    values.update(changes)
    return type(obj)(**values)
