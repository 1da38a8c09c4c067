"""An aiosmtpd handler that writes every mail it accepts to a folder, one JSON file each.

Run as its own process by the ``smtp_server`` fixture:
``python -m aiosmtpd -n -l 127.0.0.1:PORT -c tests.reminders.smtp_sink.FolderHandler FOLDER``.
"""

import base64
import json
import os
import time
import uuid
from pathlib import Path


class FolderHandler:
    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("FolderHandler takes the folder to write to")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "data": base64.b64encode(envelope.original_content).decode("ascii"),
        }
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex}"
        partial = self.folder / f"{name}.part"
        partial.write_text(json.dumps(record), encoding="utf-8")
        os.replace(partial, self.folder / f"{name}.json")  # whole or not at all
        return "250 Message accepted for delivery"
