"""Colour contrast (WCAG 2.x) of a rating badge's white text on its colour."""

BADGE_TEXT = "#ffffff"
MIN_CONTRAST = 4.5  # WCAG AA for normal-size text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str = BADGE_TEXT) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours, 1.0 to 21.0."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def darker_passing(hex_colour: str, minimum: float = MIN_CONTRAST) -> str:
    """The same hue darkened just enough for white text to reach `minimum`."""
    value = hex_colour.lstrip("#")
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    for step in range(101):
        factor = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * factor):02x}" for c in rgb)
        if contrast_ratio(candidate) >= minimum:
            return candidate
    return "#000000"
