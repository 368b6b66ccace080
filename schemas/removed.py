"""What the structure step removed from an input as page furniture, and why."""

# The reasons a removed block may give, as the analysis words them.
REASONS = (
    "navigation", "byline or time stamp before the story", "page line before the story",
    "copyright line", "rule", "caption shown twice", "gallery counter", "comment widget",
    "machine summary label", "postal address", "template placeholder", "a list of links",
    "related stories", "gallery captions", "press contacts", "author bio", "next story",
    "topic tags", "repeated items", "page footer", "box beside the story", "promotion box",
    "slideshow control", "article tool", "photo caption", "reading time",
)

REMOVAL_REASONS = (
    "Why each block of `removed` was removed, in the same order (furniture known by its "
    "form, its place or its repetition on the page): "
    + ", ".join(f"`{reason}`" for reason in REASONS) + ".")
