"""ClaimDraft: one extracted claim, before it is stored."""

from dataclasses import asdict, dataclass, field

FIGURE_KINDS = ("troops", "casualties", "quantity")


def _num(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


@dataclass
class ClaimDraft:
    kind: str
    text: str  # the sentence (or sentences) carrying the claim
    span: str  # the words of the claim; body[start:end] == span
    start: int
    end: int
    low: float | int | None = None
    high: float | int | None = None
    qualifier: str = ""
    unit: str = ""
    date: str | None = None
    granularity: str = ""
    speaker: str = ""
    checkworthiness: float = 0.5
    entities: list = field(default_factory=list)

    def to_json(self) -> dict:
        """The corpus README's dict shape: only the keys that mean something for the kind."""
        data = {
            "kind": self.kind,
            "text": self.text,
            "span": self.span,
            "start": self.start,
            "end": self.end,
        }
        if self.kind in FIGURE_KINDS:
            data.update(
                low=_num(self.low),
                high=_num(self.high),
                qualifier=self.qualifier or "exact",
                unit=self.unit,
            )
        elif self.kind == "date":
            data.update(date=self.date, granularity=self.granularity)
        elif self.kind == "quote":
            data["speaker"] = self.speaker
        data["checkworthiness"] = round(float(self.checkworthiness), 3)
        data["entities"] = list(self.entities)
        return data

    def as_dict(self) -> dict:
        return asdict(self)
