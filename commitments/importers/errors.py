"""The one error of the report importer (STYLE.md §5: one exception class per area)."""


class ReportImportError(ValueError):
    """A report file or text that cannot be imported; the message is for the user, in Chinese.

    Raised before anything is written, so a failed import changes nothing (DESIGN.md, "Rules
    that hold everywhere": bad input gets a clear message and changes nothing).
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
