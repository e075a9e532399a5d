"""An upload handler that enforces the batch limits while the upload streams in.

Past a limit it stores nothing more (the rest of the body is read and dropped), so an
over-size batch costs no disk or memory and the page can say what was wrong, instead of
Django's bare 400 page.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.0f} MB"


class BatchLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.count = 0
        self.total = 0
        self.current = 0
        self.refused: dict[int, str] = {}  # file index -> why it was not kept
        self.batch_error = ""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        limit = settings.INTAKE_MAX_BATCH_BYTES
        if content_length and content_length > limit:
            self.batch_error = (
                f"The upload is {content_length / 1_048_576:.1f} MB; one upload may be at most "
                f"{_mb(limit)}. Nothing was imported: upload the files in smaller batches."
            )

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.count += 1
        self.current = 0
        limit = settings.INTAKE_MAX_BATCH_FILES
        if self.count > limit and not self.batch_error:
            self.batch_error = (
                f"More than {limit:,} files were uploaded at once; one upload may have at most "
                f"{limit:,}. Nothing was imported: upload the files in smaller batches."
            )

    def receive_data_chunk(self, raw_data, start):
        if self.batch_error:
            return None
        self.current += len(raw_data)
        self.total += len(raw_data)
        if self.total > settings.INTAKE_MAX_BATCH_BYTES:
            self.batch_error = (
                f"The files add up to more than {_mb(settings.INTAKE_MAX_BATCH_BYTES)}, the most "
                "one upload may carry. Nothing was imported: upload them in smaller batches."
            )
            return None
        if self.current > settings.MAX_ARTICLE_BYTES:
            self.refused[self.count - 1] = (
                f"the file is over {_mb(settings.MAX_ARTICLE_BYTES)}; articles may be at most "
                f"{_mb(settings.MAX_ARTICLE_BYTES)}"
            )
            return None
        return raw_data

    def file_complete(self, file_size):
        return None
