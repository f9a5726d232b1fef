"""Drive a docassemble interview in-process, screen by screen, as a person would.

Runs in the Python 3.12 venv that ``tests/docassemble/setup.sh`` builds (docassemble.base 1.10.13,
pinned: this module uses its internals). No server, database or Redis: the "server" functions
docassemble.base calls through its plugin hooks are implemented here (language, configuration,
a numbered-file store in a folder, URLs).

What a step does, as the web server would on a POST:

- reads the screen the interview asks now (``InterviewStatus.as_data``: what the JSON API sends a
  client: the question id, its fields with their variables, datatypes, choices, required flags,
  ``show if`` conditions, the attachments offered);
- refuses an answer to a variable that is not a field of THIS screen, a field hidden by its
  ``show if``, a required field left out, a choice the screen does not offer, a value the datatype
  cannot take (a date that is not a date, text for a number, a number out of its min/max);
- converts each answer the way the web server does (dates with ``as_datetime``, currency and
  numbers to float, yes/no to bool, files and signatures to DAFile; a ``checkboxes`` field to a
  DADict of booleans, one key per box, made as docassemble.webapp's POST handler makes it; a
  single ``yesno``/``noyes`` checkbox from whether it is ticked);
  a shown field the test leaves out gets what the browser sends for it (its default, or empty);
- runs the field ``validate`` functions and the question's ``validation code``;
- sets the variables, marks the question answered, pops the action it was asked for, invalidates
  what depends on changed variables, stores the interview answers by pickling them (as the server
  does between requests) and asks for the next screen.

An Edit button, on a review screen or in a table (a list's ``table`` with ``edit``), runs the
action its link carries, as the server runs a ``url_action`` link.

Every error names the screen (its number and id), the variable and what the screen asked.
No network: outgoing connections are refused and recorded (``Harness.network_attempts``).
"""

from __future__ import annotations

import base64
import copy
import importlib
import importlib.util
import itertools
import json
import mimetypes
import os
import pickle
import re
import shutil
import socket
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

CONFIG = """\
secretkey: scc-harness-0123456789abcdef0123
debug: False
default interview: None
"""


class ScreenError(AssertionError):
    """An answer the screen does not take, or a screen other than the one expected."""


# --- no network --------------------------------------------------------------------------------
_LOCAL = ("127.0.0.1", "::1", "localhost", None, "")


def _guard_network(attempts: list[str]) -> None:
    """Refuse connections off this machine (docassemble tries NLTK downloads, geocoding, ...)."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(sock, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else None
        if host not in _LOCAL and sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append(f"connect {address!r}")
            raise OSError(f"network blocked by the interview harness: {address!r}")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in _LOCAL:
            attempts.append(f"resolve {host!r}")
            raise socket.gaierror(f"network blocked by the interview harness: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]


# --- the numbered-file store (uploads, signatures, generated documents) --------------------------
# Laid out as docassemble.webapp's SavedFile lays out its upload folder: a folder per file number
# holding the data in "file" and a link "file.<extension>" to it.
class FileStore:
    def __init__(self, folder: Path):
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._numbers = itertools.count(1)
        self.names: dict[int, str] = {}

    def new_number(self, filename: str) -> int:
        number = next(self._numbers)
        self.names[number] = filename or "file.txt"
        self.directory(number).mkdir(parents=True)
        return number

    def directory(self, number: int) -> Path:
        return self.folder / str(int(number))

    def data(self, number: int) -> Path:
        """The file's bytes ("file" in its folder)."""
        return self.directory(number) / "file"

    def write(self, number: int, content: bytes) -> None:
        self.data(number).write_bytes(content)
        self.link(number, Path(self.names[int(number)]).suffix.lstrip(".").lower() or "txt")

    def link(self, number: int, extension: str) -> Path:
        target = self.directory(number) / f"file.{extension}"
        if not self.data(number).exists():
            self.data(number).touch()
        if not target.exists():
            target.symlink_to("file")
        return target

    def info(self, number: int, filename: str | None = None) -> dict[str, Any] | None:
        number = int(number)
        if number not in self.names:
            return None
        name = filename or self.names[number]
        extension = Path(name).suffix.lstrip(".").lower() or "txt"
        path = self.data(number)
        result = {"filename": name, "extension": extension, "path": str(path), "fullpath": f"{path}.{extension}",
                  "mimetype": mimetypes.guess_type(name)[0] or "application/octet-stream",
                  "persistent": False, "private": True}
        if path.exists():
            self.link(number, extension)
            result["size"] = path.stat().st_size
        return result


def _saved_file_class(store: FileStore):
    class SavedFile:
        """The part of docassemble.webapp's SavedFile that docassemble.base uses, on a folder."""

        def __init__(self, file_number, extension=None, fix=False, section="files", filename="file", subdir=None,
                     should_not_exist=False, must_exist=False):
            self.file_number, self.extension, self.filename = int(file_number), extension, filename
            self.directory = str(store.directory(self.file_number))
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            self.path = os.path.join(self.directory, filename)

        def fix(self, must_exist=False):
            Path(self.directory).mkdir(parents=True, exist_ok=True)

        def save(self, finalize=False):
            if not os.path.exists(self.path):
                Path(self.path).touch()
            if self.extension is not None:
                target = f"{self.path}.{self.extension}"
                if os.path.lexists(target):
                    os.remove(target)
                os.symlink(os.path.basename(self.path), target)

        def finalize(self):
            pass

        def write_content(self, content, filename=None, binary=False, save=True):
            target = os.path.join(self.directory, filename or self.filename)
            Path(target).write_bytes(content if binary else content.encode("utf-8"))
            if save and not filename:
                self.save()

        def copy_from(self, orig_path, filename=None):
            shutil.copyfile(orig_path, os.path.join(self.directory, filename or self.filename))
            if not filename:
                self.save()

        def delete(self):
            shutil.rmtree(self.directory, ignore_errors=True)

        def cloud_path(self, filename=None):
            return None

        def list_of_files(self):
            return sorted(os.listdir(self.directory))

        def size_in_bytes(self, filename=None):
            return os.path.getsize(os.path.join(self.directory, filename or self.filename))

        def url_for(self, **kwargs):
            return f"/uploadedfile/{self.file_number}/{kwargs.get('filename', self.filename)}"

        def temp_url_for(self, **kwargs):
            return self.url_for(**kwargs)

    return SavedFile


# --- the "server" hooks -----------------------------------------------------------------------
def _plugin(store: FileStore, package_files):
    import pluggy
    hookimpl = pluggy.HookimplMarker("docassemble")
    from docassemble.base.config import daconfig
    saved_file = _saved_file_class(store)

    def ext_and_mimetype(filename):
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        extension = Path(filename).suffix.lstrip(".").lower() or "txt"
        return extension, mimetype

    class Server:
        @hookimpl
        def get_default_language(self): return "en"
        @hookimpl
        def get_default_dialect(self): return "us"
        @hookimpl
        def get_default_locale(self): return "en_US.UTF-8"
        @hookimpl
        def get_default_voice(self): return None
        @hookimpl
        def get_default_timezone(self): return "America/New_York"
        @hookimpl
        def get_default_country(self): return "US"
        @hookimpl
        def get_configuration(self): return daconfig
        @hookimpl
        def get_hostname(self): return "localhost"
        @hookimpl
        def get_debug_status(self): return False
        @hookimpl
        def url_for(self, endpoint, kwargs):
            query = {k: v for k, v in kwargs.items() if not k.startswith("_")}
            return f"/{endpoint}" + (f"?{urlencode(query)}" if query else "")
        @hookimpl
        def get_new_file_number(self, user_code, file_name, yaml_file_name): return store.new_number(file_name)
        @hookimpl
        def get_ext_and_mimetype(self, filename): return ext_and_mimetype(filename)
        @hookimpl
        def save_numbered_file(self, filename, orig_path, yaml_file_name, uid):
            number = store.new_number(filename)
            extension, mimetype = ext_and_mimetype(filename)
            store.write(number, Path(orig_path).read_bytes())
            return number, extension, mimetype
        @hookimpl
        def get_saved_file_class(self): return saved_file
        @hookimpl
        def file_number_finder(self, file_number, filename, uids, privileged): return store.info(file_number, filename)
        @hookimpl
        def file_finder(self, file_reference, question, folder, package, filename, return_nonexistent, uids):
            if isinstance(file_reference, int) or str(file_reference).isdigit():
                return store.info(int(file_reference), filename)
            return package_files(file_reference, folder, package)
        @hookimpl
        def url_finder(self, file_reference, kwargs):
            number = getattr(file_reference, "number", file_reference)
            if isinstance(number, int) or str(number).isdigit():
                return f"/uploadedfile/{number}"
            reference = str(file_reference)
            if ":" in reference or "." in reference or "/" in reference:
                return f"/packagestatic/{reference}"
            query = {k: v for k, v in kwargs.items() if not k.startswith("_")}  # a page: interview, root, ...
            return f"/{reference}" + (f"?{urlencode(query)}" if query else "")
        @hookimpl
        def absolute_filename(self, the_file):  # an interview by its absolute path (the tests' own YAML)
            return the_file if os.path.isabs(the_file) and os.path.isfile(the_file) else None
        @hookimpl
        def secure_filename_unicode_ok(self, the_filename): return re.sub(r"[/\\\x00]", "_", str(the_filename)).strip()
        @hookimpl
        def secure_filename_spaces_ok(self, filename): return re.sub(r"[/\\\x00]", "_", str(filename)).strip()
        @hookimpl
        def secure_filename(self, filename): return re.sub(r"[^A-Za-z0-9_.-]", "_", str(filename))
        @hookimpl
        def get_main_page_parts(self): return {}
        @hookimpl
        def get_default_table_class(self): return "table table-striped"
        @hookimpl
        def get_default_thead_class(self): return "table-light"
        @hookimpl
        def get_button_class_prefix(self): return "btn-"
        @hookimpl
        def make_png_for_pdf(self, doc, prefix, page): return None
        @hookimpl
        def fg_make_png_for_pdf(self, doc, prefix, page): return None
        @hookimpl
        def fg_make_png_for_pdf_path(self, path, prefix, page): return None
        @hookimpl
        def server_sql_get(self, key, secret): return None
        @hookimpl
        def server_sql_defined(self, key): return False
        @hookimpl
        def send_mail(self, the_message, config): raise RuntimeError("no mail server in the interview harness")

    return Server()


def _package_files(reference, folder, package):
    """A file reference like ``docassemble.X:data/templates/y.docx`` as docassemble's file_finder answers."""
    reference = str(reference)
    if ":" in reference:
        package, relative = reference.split(":", 1)
    else:
        relative = f"data/{folder or 'static'}/{reference}"
    spec = importlib.util.find_spec(package) if package else None
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    if not path.exists():
        return {}
    extension = path.suffix.lstrip(".").lower()
    return {"fullpath": str(path), "path": str(path.with_suffix("")), "filename": path.name, "extension": extension,
            "mimetype": mimetypes.guess_type(path.name)[0] or "application/octet-stream"}


# --- screens ----------------------------------------------------------------------------------
TEXT_TYPES = {"text", "area", "email", "password", "ml", "mlarea", "raw", "hidden", "note", None}
NUMBER_TYPES = {"number", "float", "currency", "range"}
BOOLEAN_TYPES = {"boolean", "yesno", "noyes", "yesnoradio", "noyesradio", "yesnowide", "noyeswide"}
CHECKBOX_TYPES = {"checkboxes", "multiselect"}
OBJECT_CHECKBOX_TYPES = {"object_checkboxes", "object_multiselect"}
FILE_TYPES = {"file", "files", "camera", "user", "environment", "camcorder", "microphone"}
DATE_TYPES = {"date", "datetime", "datetime-local", "time"}
SINGLE_CHECKBOX = {"yesno", "noyes", "yesnowide", "noyeswide"}  # a boolean field shown as one checkbox


def _boxes(item: dict[str, Any]) -> dict[Any, bool]:
    """A ``checkboxes`` field's boxes: each key (``x['key']`` in as_data's choices) -> ticked at first."""
    import ast
    base = item["variable_name"]
    return {ast.literal_eval(c["variable_name"][len(base) + 1:-1]): bool(c.get("selected"))
            for c in item.get("choices", []) if "variable_name" in c}


def _none_of_the_above(item: dict[str, Any]) -> bool:
    """as_data lists "None of the above" as a choice with no variable when the screen offers it."""
    return any("variable_name" not in c for c in item.get("choices", []))


@dataclass
class Screen:
    number: int  # 1 for the first screen asked
    id: str
    type: str  # question type: fields, yesno, multiple_choice, review, signature, settrue, ...
    data: dict[str, Any]  # as_data: what the JSON API sends
    fields: list[dict[str, Any]]  # the input fields (notes apart), variable names made concrete
    continue_variable: str | None  # continue button field / review field, set True by Continue
    edits: dict[str, str]  # review screen: the variable each Edit button asks again -> its label
    table_edits: dict[str, dict[str, Any]]  # a table's Edit buttons: the variable each asks first -> its action
    actions: set[str]  # url_action links on the screen (quick exit, ...)
    attachments: list[dict[str, Any]]
    parts: list[str]  # the words shown, each part (question, text, label, choice) as plain text
    email: bool  # the attachments can be emailed from the screen (docassemble's default: yes)
    download_all: bool  # a button downloads them all at once (a zip)

    @property
    def text(self) -> str:
        return " ".join(self.parts)

    def describe(self) -> str:
        asked = ", ".join(f"{f['variable_name']} ({f.get('datatype') or 'text'})" for f in self.fields) or "nothing"
        return f"screen {self.number} '{self.id}' ({self.type}; asks {asked})"


def _plain(html_text: str) -> str:
    """The words of an HTML fragment, as a person reads them."""
    import html
    text = re.sub(r"<[^>]+>", " ", str(html_text or ""))
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def _links_in(value: Any) -> list[dict[str, Any]]:
    """The url_action links anywhere in ``value`` (the URLs this harness's url_for writes), each
    decoded to what the server runs: ``{"action": ..., "arguments": {...}}``."""
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        for item in value.values():
            found += _links_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found += _links_in(item)
    elif isinstance(value, str) and "action=" in value:
        for match in re.finditer(r"[?&]action=([A-Za-z0-9+/_%-]+)", value):
            raw = match.group(1).replace("%2B", "+").replace("%2F", "/")
            try:
                decoded = json.loads(base64.b64decode(raw + "=" * (-len(raw) % 4)))
            except (ValueError, TypeError):
                continue
            if isinstance(decoded, dict) and "action" in decoded:
                found.append({"action": decoded["action"], "arguments": decoded.get("arguments", {})})
    return found


def _table_edits(links: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A table's Edit buttons (``_da_list_edit``/``_da_dict_edit``, made by DAList/DADict
    ``item_actions``), by the first variable each asks again: its ``follow up``."""
    edits = {}
    for link in links:
        if link["action"] in ("_da_list_edit", "_da_dict_edit"):
            first = next((item["follow up"][0] for item in link["arguments"].get("items", [])
                          if isinstance(item, dict) and item.get("follow up")), None)
            if first is not None:
                edits[first] = link
    return edits


def _preload_package_modules() -> None:
    """Import the package's modules the server imports when it starts (docassemble's
    import_necessary: a file with a line starting "class " or "# pre-load"), so that their custom
    data types (money_field's ``dollars``) exist before an interview is read."""
    package = Path(importlib.util.find_spec("docassemble.SmallClaimsCollect").submodule_search_locations[0])
    for path in sorted(package.glob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# do not pre-load"):
                break
            if line.startswith(("class ", "# pre-load")):
                importlib.import_module(f"docassemble.SmallClaimsCollect.{path.stem}")
                break


def _custom_type(datatype: Any):
    """The class of a custom data type (docassemble's CustomDataType), or None."""
    from docassemble.base.functions import custom_types
    return custom_types[datatype]["class"] if isinstance(datatype, str) and datatype in custom_types else None


class Harness:
    """One per process: docassemble loaded and its server hooks registered."""

    def __init__(self, workdir: Path):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.network_attempts: list[str] = []
        _guard_network(self.network_attempts)
        config = self.workdir / "config.yml"
        config.write_text(CONFIG, encoding="utf-8")
        os.environ["DA_CONFIG_FILE"] = str(config)
        if not os.environ.get("NLTK_DATA"):
            raise RuntimeError("NLTK_DATA is not set: run with the NLTK data tests/docassemble/setup.sh makes")
        import docassemble.base.config
        docassemble.base.config.load()
        self.store = FileStore(self.workdir / "files")
        from docassemble.base.plugin_manager import pm
        pm.register(_plugin(self.store, _package_files), name="scc-interview-harness")
        import docassemble.base.util  # noqa: F401  (what every interview imports)
        _preload_package_modules()

    def session(self, interview: str) -> "Session":
        return Session(self, interview)


class Session:
    """One run through an interview, as one person in one browser."""

    def __init__(self, harness: Harness, interview: str):
        from docassemble.base.interview_source import interview_source_from_string
        from docassemble.base.parse import INITIAL_DICT, Interview
        from docassemble.base.thread_context import empty_globals, global_context
        self.harness, self.yaml = harness, interview
        self._stack = ExitStack()
        self._stack.enter_context(global_context(empty_globals()))
        self.interview = Interview(source=interview_source_from_string(interview))
        self.user_dict = copy.deepcopy(INITIAL_DICT)
        self.user_dict["_internal"]["secret"] = "scc-harness-secret"
        self.screens: list[Screen] = []
        self.ended: dict[str, Any] | None = None  # a command that ended the session (exit, leave)
        self._assemble(None)

    # -- public ---------------------------------------------------------------------------------
    @property
    def screen(self) -> Screen:
        return self.screens[-1]

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.screens]

    def expect(self, screen_id: str) -> Screen:
        if self.ended is not None:
            raise ScreenError(f"expected screen '{screen_id}', but the session ended ({self.ended['command']})")
        if self.screen.id != screen_id:
            raise ScreenError(f"expected screen '{screen_id}', but the interview asked {self.screen.describe()}: "
                              f"{self.screen.text[:300]!r}")
        return self.screen

    def answer(self, screen_id: str, answers: dict[str, Any] | None = None) -> Screen:
        """Fill in THIS screen's fields with ``answers`` (variable -> value) and press Continue."""
        screen = self.expect(screen_id)
        values = self._convert(screen, dict(answers or {}))
        self._set(screen, values)
        self._assemble(None)
        return self.screen

    def edit(self, screen_id: str, variable: str) -> Screen:
        """Press the Edit button for ``variable``: a review screen's, or one in a table on the screen
        (named by the variable it asks first, like ``payments[0].amount``)."""
        screen = self.expect(screen_id)
        if variable in screen.edits:
            self._assemble({"action": variable, "arguments": {}})
        elif variable in screen.table_edits:
            self._assemble(copy.deepcopy(screen.table_edits[variable]))
        else:
            buttons = [f"{v} ({label})" for v, label in screen.edits.items()] + list(screen.table_edits)
            raise ScreenError(f"{screen.describe()} has no Edit button for {variable}; its buttons: "
                              f"{', '.join(buttons) or 'none'}")
        return self.screen

    def follow(self, screen_id: str, action: str, arguments: dict[str, Any] | None = None) -> Screen | None:
        """Follow a link on the screen that runs ``action`` (url_action), like the quick exit."""
        screen = self.expect(screen_id)
        if action not in screen.actions:
            raise ScreenError(f"{screen.describe()} has no link to the action '{action}'; its links: "
                              f"{', '.join(sorted(screen.actions)) or 'none'}")
        self._assemble({"action": action, "arguments": arguments or {}})
        return None if self.ended else self.screen

    def close(self) -> None:
        self._stack.close()

    # -- asking ---------------------------------------------------------------------------------
    def _current_info(self, action: dict[str, Any] | None) -> dict[str, Any]:
        info = {"session": "scc-session", "secret": "scc-harness-secret", "yaml_filename": self.yaml, "interface": "web",
                "url": "http://localhost/interview", "url_root": "http://localhost/", "encrypted": False,
                "user": {"is_anonymous": True, "is_authenticated": False, "session_uid": "scc-uid", "device_id": "scc-device",
                         "email": None, "the_user_id": "t1", "theid": 1, "roles": ["user"], "location": None},
                "headers": {}, "clientip": "127.0.0.1", "method": "POST" if self.screens else "GET"}
        if action:
            info.update(action)
        return info

    def _assemble(self, action: dict[str, Any] | None, record: bool = True) -> None:
        import docassemble.base.functions as functions
        from docassemble.base.parse import InterviewStatus
        from docassemble.base.thread_context import user_dict_context
        self._store_and_reload()
        status = InterviewStatus(current_info=self._current_info(action))
        with user_dict_context(self.user_dict):
            functions.update_locale()
            self.interview.assemble(self.user_dict, status)
            question = status.question
            if question.question_type in ("exit", "leave", "logout", "restart", "new_session", "exit_logout",
                                          "response", "sendfile", "redirect", "refresh"):
                self.ended = {"command": question.question_type, "url": status.question_text,
                              "after": self.screens[-1].id if self.screens else None}
                return
            self._progress_and_section(status)
            data = {**self._page(status), **status.as_data(self.user_dict, encode=True)}
            if record:
                self.screens.append(self._screen(status, data))
        self.status = status

    def _progress_and_section(self, status) -> None:
        """The progress bar and the navigation section, moved on as the web server moves them."""
        from docassemble.base.thread_context import this_thread
        question, internal = status.question, self.user_dict["_internal"]
        if self.interview.use_progress_bar:
            if question.progress is None:
                if internal["progress"] is not None:  # docassemble.webapp's advance_progress
                    multiplier = getattr(self.interview, "progress_bar_multiplier", 0.05)
                    internal["progress"] += multiplier * (100 - internal["progress"])
            elif question.progress == -1:
                internal["progress"] = None
            elif (internal["progress"] is None or self.interview.options.get("strict progress", False)
                  or question.progress > internal["progress"]):
                internal["progress"] = question.progress
        if self.interview.use_navigation and question.section is not None and this_thread.current_section:
            self.user_dict["nav"].set_section(this_thread.current_section)

    def _page(self, status) -> dict[str, Any]:
        """The parts of the page around the question, as the server's JSON API adds them: the
        title and screen parts (pre, post, under), the back button, the navigation sections."""
        from docassemble.base.util import markdown_to_html

        def convert(content, part):
            if part in ("exit link", "exit url", "title url", "title url opens in other window"):
                return content
            return markdown_to_html(content, status=status, trim=part in ("title", "short title", "exit label"))
        title = self.interview.get_title(self.user_dict, status=status, converter=convert)
        question = status.question
        status.pre, status.post = title.get("pre", ""), title.get("post", "")
        status.back = title.get("back button label", question.back())
        status.cornerback = title.get("corner back button label", question.cornerback())
        nav = self.user_dict["nav"]
        return {"title": title.get("full"), "exit_url": title.get("exit url"), "exit_label": title.get("exit label"),
                "pre": status.pre, "post": status.post, "section": nav.get_section(),
                "sections": nav.get_sections(), "progress": self.user_dict["_internal"].get("progress")}

    def _screen(self, status, data: dict[str, Any]) -> Screen:
        question = status.question
        fields, continue_variable = [], data.get("question_variable_name")
        for item in data.get("fields", []):
            if "variable_name" not in item:
                continue
            item = dict(item)
            item["variable_name"] = self._concrete(item["variable_name"])
            if item.get("datatype") in CHECKBOX_TYPES:
                item["choices"] = [{**c, "variable_name": self._concrete(c["variable_name"])} if "variable_name" in c else c
                                   for c in item.get("choices", [])]
            if question.question_type == "settrue":
                continue_variable = item["variable_name"]
                continue
            fields.append(item)
        edits = {}
        if question.question_type == "review":
            for number, action in status.extras.get("action", {}).items():
                if isinstance(action, str) and action.startswith("{"):
                    action = json.loads(action)
                name = action.get("action") if isinstance(action, dict) else action
                edits[self._concrete(name)] = _plain(status.helptexts.get(number, "") or status.labels.get(number, ""))
        screen_parts = {k: v for k, v in status.extras.items() if k in ("pre", "post", "under", "right", "footer",
                                                                         "submit", "css class", "action_buttons")}
        links = _links_in([data, screen_parts])
        actions = {link["action"] for link in links}
        for button in data.get("additional_buttons", []):
            if button.get("action") and not str(button["action"]).startswith(("http:", "https:", "/")):
                actions.add(button["action"])
        words = [data.get("questionText", ""), data.get("subquestionText", ""), data.get("underText", ""),
                 data.get("rightText", ""), data.get("pre", "")]
        for item in data.get("fields", []):
            words += [item.get("label", ""), item.get("note", ""), item.get("hint", ""), item.get("helptext", "")]
            words += [choice.get("label", "") for choice in item.get("choices", [])]
        attachments = [self._attachment(a) for a in status.attachments or []]
        qid = getattr(question, "id", None) or data.get("_question_name", "")
        parts = [_plain(w) for w in words if w and _plain(w)]
        email = bool(attachments) and bool(status.extras.get("allow_emailing", True))
        download_all = bool(attachments) and bool(status.extras.get("allow_downloading", False))
        return Screen(len(self.screens) + 1, str(qid), question.question_type, data, fields, continue_variable, edits,
                      _table_edits(links), actions, attachments, parts, email, download_all)

    def _attachment(self, attachment: dict[str, Any]) -> dict[str, Any]:
        files = {}
        offered = attachment.get("formats_to_use") or list(attachment.get("file", {}))
        for fmt, number in attachment.get("file", {}).items():
            if fmt not in offered:
                continue
            info = self.harness.store.info(number)
            if info:
                files[fmt] = info["fullpath"]
        return {"name": _plain(attachment.get("name") or ""), "description": _plain(attachment.get("description") or ""),
                "filename": attachment.get("filename"), "files": files}

    def _concrete(self, variable: str) -> str:
        """``facts[i].text`` as the screen's ``facts[0].text`` (the web server's sub_indices)."""
        def index(match: re.Match) -> str:
            return "[" + repr(self.user_dict[match.group(1)]) + "]"
        if variable.startswith("x.") and "x" in self.user_dict:
            variable = self.user_dict["x"].instanceName + variable[1:]
        return re.sub(r"\[([ijklmn])\]", index, variable)

    def _store_and_reload(self) -> None:
        """Pickle the answers and read them back, as the server stores them between requests: an
        interview that keeps something unpicklable fails here as it would on a server."""
        from docassemble.base.functions import pickleable_objects
        try:
            packed = pickle.dumps(pickleable_objects(self.user_dict))
        except Exception as exc:  # noqa: BLE001 - any pickling failure is the interview's
            where = self.screen.describe() if self.screens else "the first screen"
            raise ScreenError(f"after {where}: the interview answers cannot be stored ({exc.__class__.__name__}: {exc})") from None
        self.user_dict = pickle.loads(packed)

    # -- answering ------------------------------------------------------------------------------
    def _convert(self, screen: Screen, answers: dict[str, Any]) -> dict[str, Any]:
        """The values to set, each converted as the screen's datatype is; every problem at once."""
        by_name = {f["variable_name"]: f for f in screen.fields}
        problems = []
        for name in answers:
            if name not in by_name:
                problems.append(f"{name} is not a field of this screen")
        values: dict[str, Any] = {}
        for name, item in by_name.items():
            shown, why = self._shown(item, answers, by_name)
            if not shown:
                if name in answers:
                    problems.append(f"{name} is hidden on this screen ({why}); a person cannot answer it")
                continue
            if name in answers:
                try:
                    values[name] = self._value(screen, item, answers[name])
                except ScreenError as exc:
                    problems.append(f"{name}: {exc}")
            elif item.get("datatype") in CHECKBOX_TYPES:  # the boxes as the screen shows them, ticked or not
                ticked = [key for key, on in _boxes(item).items() if on]
                if not ticked and item.get("required", True):
                    nota = " or 'None of the above' (give [])" if _none_of_the_above(item) else ""
                    problems.append(f"{name} ({_plain(item.get('label', ''))!r}) is required: tick a box{nota}")
                else:
                    values[name] = self._value(screen, item, ticked)
            elif "default" in item:
                default = item["default"]
                if item.get("inputtype") in SINGLE_CHECKBOX:  # the box is ticked as docassemble ticks it
                    default = bool(default) if item.get("sign", 1) > 0 else default is False
                values[name] = self._value(screen, item, default)
            elif item.get("required", True) and item.get("datatype") not in OBJECT_CHECKBOX_TYPES:
                label = _plain(item.get("label", ""))
                problems.append(f"{name} ({label!r}) is required and was not answered")
            else:
                values[name] = self._empty(item)
        if screen.type == "signature" and not answers:
            problems.append("a signature screen needs the signature: give its variable the value 'draw'")
        if problems:
            raise ScreenError(f"{screen.describe()}: " + "; ".join(problems))
        return values

    def _shown(self, item: dict[str, Any], answers: dict[str, Any], by_name: dict[str, dict]) -> tuple[bool, str]:
        if item.get("active") is False:
            return False, "its show if code is false"
        if "show_if_js" in item:
            raise ScreenError(f"{item['variable_name']} uses 'js show if', which this harness does not evaluate; use 'show if'")
        if "show_if_var" not in item:
            return True, ""
        other = self._concrete(item["show_if_var"])
        if other in answers:
            value = answers[other]
        elif other in by_name and "default" in by_name[other]:
            value = by_name[other]["default"]
        else:
            value = None
        matches = str(value) == str(item["show_if_val"])
        shown = matches if item.get("show_if_sign", 1) > 0 else not matches
        return shown, f"shown only if {other} {'is' if item.get('show_if_sign', 1) > 0 else 'is not'} {item['show_if_val']!r}"

    def _value(self, screen: Screen, item: dict[str, Any], raw: Any) -> Any:
        from docassemble.base.util import as_datetime
        datatype = item.get("datatype")
        if screen.type == "signature":
            if raw != "draw":
                raise ScreenError(f"a signature is drawn: give 'draw', not {raw!r}")
            return ("signature", None)
        if "choices" in item and item.get("inputtype") in ("combobox", "datalist") and isinstance(raw, str):
            return raw  # a combobox takes a choice or any typed value
        if "choices" in item and datatype not in CHECKBOX_TYPES | OBJECT_CHECKBOX_TYPES:
            offered = {str(c["value"]): c["value"] for c in item["choices"]}
            if str(raw) not in offered:
                raise ScreenError(f"{raw!r} is not one of the choices {list(offered)}")
            value = offered[str(raw)]
            if datatype in ("object", "object_radio"):
                return ("object", value)
            if datatype in BOOLEAN_TYPES or datatype == "threestate":
                return {"True": True, "False": False, "None": None}.get(str(value), value)
            if datatype == "integer":
                return int(value)
            if datatype in NUMBER_TYPES:
                return float(value)
            return value
        if datatype in CHECKBOX_TYPES:  # the boxes ticked, by key; [] is "None of the above"
            chosen = {str(c) for c in (raw if isinstance(raw, (list, tuple)) else [raw])}
            boxes = _boxes(item)
            bad = sorted(chosen - {str(key) for key in boxes})
            if bad:
                raise ScreenError(f"{bad} not among the boxes {[str(key) for key in boxes]}")
            if not chosen and item.get("required", True) and not _none_of_the_above(item):
                raise ScreenError("tick at least one box (the screen offers no 'None of the above')")
            return ("checkboxes", {key: str(key) in chosen for key in boxes})
        if datatype in OBJECT_CHECKBOX_TYPES:
            chosen = raw if isinstance(raw, (list, tuple)) else [raw]
            offered = [str(c["value"]) for c in item.get("choices", [])]
            bad = [c for c in chosen if str(c) not in offered]
            if bad:
                raise ScreenError(f"{bad} not among the boxes {offered}")
            return ("object_checkboxes", [str(c) for c in chosen], offered)
        if datatype in BOOLEAN_TYPES:
            if not isinstance(raw, bool):
                raise ScreenError(f"a yes/no answer is True or False, not {raw!r}")
            if item.get("inputtype") in SINGLE_CHECKBOX:  # True is a ticked box; a ticked noyes box posts False
                return raw if item.get("sign", 1) > 0 else not raw
            return raw
        if datatype == "threestate":
            if raw not in (True, False, None):
                raise ScreenError(f"a yes/no/maybe answer is True, False or None, not {raw!r}")
            return raw
        if datatype == "integer":
            try:
                value = int(str(raw).replace(",", ""))
            except ValueError:
                raise ScreenError(f"{raw!r} is not a whole number") from None
            return self._in_range(item, value)
        custom = _custom_type(datatype)
        if custom is not None:  # as the server: the class validates the typed text, then transforms it
            from docassemble.base.error import DAValidationError
            text = str(raw)
            try:
                custom.call_validate(text, item["variable_name"], {"min": item.get("min"), "max": item.get("max")})
            except DAValidationError as exc:
                raise ScreenError(f"{raw!r} refused: {exc}") from None
            return custom.call_transform(text, item["variable_name"], {})
        if datatype in NUMBER_TYPES:
            try:
                value = float(str(raw).replace(",", "").replace("%", "").replace("$", ""))
            except ValueError:
                raise ScreenError(f"{raw!r} is not a number") from None
            return self._in_range(item, value)
        if datatype in DATE_TYPES:
            import dateutil.parser
            if not isinstance(raw, str) or not raw.strip():
                raise ScreenError(f"a date is typed as text like 2026-11-12, not {raw!r}")
            try:
                parsed = dateutil.parser.parse(raw)
            except (ValueError, OverflowError):
                raise ScreenError(f"{raw!r} is not a valid date") from None
            for key, compare in (("min", lambda a, b: a < b), ("max", lambda a, b: a > b)):
                if item.get(key):
                    limit = dateutil.parser.parse(str(item[key]))
                    if compare(parsed.date(), limit.date()):
                        raise ScreenError(f"{raw} is {'before' if key == 'min' else 'after'} the {key} date {limit.date()}")
            if datatype == "time":
                return ("code", f"docassemble.base.util.as_datetime({raw!r}).time()")
            return as_datetime(raw)
        if datatype in FILE_TYPES:
            paths = raw if isinstance(raw, (list, tuple)) else [raw]
            missing = [p for p in paths if not Path(p).is_file()]
            if missing:
                raise ScreenError(f"no such file to upload: {missing}")
            return ("files", [str(p) for p in paths])
        if datatype in TEXT_TYPES or datatype not in TEXT_TYPES:
            if not isinstance(raw, str):
                raise ScreenError(f"text is typed as a string, not {raw!r}")
            if datatype == "email" and raw and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", raw):
                raise ScreenError(f"{raw!r} is not a complete email address")
            for key, compare in (("minlength", lambda n, m: n < m), ("maxlength", lambda n, m: n > m)):
                if item.get(key) is not None and compare(len(raw), int(item[key])):
                    raise ScreenError(f"{len(raw)} characters; the screen allows {key} {item[key]}")
            return raw
        raise ScreenError(f"the harness does not know the datatype {datatype!r}")  # pragma: no cover

    @staticmethod
    def _in_range(item: dict[str, Any], value: float) -> float:
        if item.get("min") not in (None, "") and value < float(item["min"]):
            raise ScreenError(f"{value} is below the minimum {item['min']}")
        if item.get("max") not in (None, "") and value > float(item["max"]):
            raise ScreenError(f"{value} is above the maximum {item['max']}")
        return value

    @staticmethod
    def _empty(item: dict[str, Any]) -> Any:
        """What the browser sends for a shown field left empty."""
        datatype = item.get("datatype")
        if datatype in OBJECT_CHECKBOX_TYPES:
            return ("object_checkboxes", [], [str(c["value"]) for c in item.get("choices", [])])
        if "choices" in item or datatype in ("yesnoradio", "noyesradio", "threestate", "object", "object_radio"):
            return None
        if datatype in BOOLEAN_TYPES:
            return False if item.get("sign", 1) > 0 else True
        if datatype == "integer":
            return 0
        if datatype in NUMBER_TYPES:
            return 0.0
        if _custom_type(datatype) is not None:
            return _custom_type(datatype).call_transform("", item["variable_name"], {})
        if datatype in FILE_TYPES:
            return None
        return ""

    def _set(self, screen: Screen, values: dict[str, Any]) -> None:
        from docassemble.base.error import DAValidationError
        from docassemble.base.parse import ensure_object_exists
        from docassemble.base.thread_context import user_dict_context
        snapshot = pickle.dumps(_pickleable(self.user_dict))
        vars_set, old_values = [], {}
        with user_dict_context(self.user_dict):
            exec("import docassemble.base.util", self.user_dict)
            try:
                for name, value in values.items():
                    try:
                        old_values[name] = eval(name, self.user_dict)
                    except Exception:  # noqa: BLE001 - not defined yet
                        pass
                    self._validate_field(screen, name, value)
                    self._assign(name, value, ensure_object_exists)
                    vars_set.append(name)
                if screen.continue_variable:
                    exec(f"{screen.continue_variable} = True", self.user_dict)
                    vars_set.append(screen.continue_variable)
                if screen.type == "signature" and not values:
                    raise ScreenError("no signature given")
                question = self.status.question
                if question.validation_code:
                    exec(question.validation_code, self.user_dict)
            except (DAValidationError, ScreenError) as exc:
                self.user_dict = pickle.loads(snapshot)  # as the server: the answers are not kept
                self._assemble(None, record=False)  # and the same screen is shown again
                raise ScreenError(f"{screen.describe()}: the screen refused the answers: {exc}") from None
            if vars_set:
                question.mark_as_answered(self.user_dict)
            stack = self.user_dict["_internal"]["event_stack"].get("scc-uid", [])
            for name in [screen.data.get("event_list", [None])[0], *vars_set]:
                if stack and name is not None and stack[0]["action"] == name:
                    stack.pop(0)
            for name in vars_set:
                if name in self.interview.invalidation_todo or name in self.interview.onchange_todo:
                    self.interview.invalidate_dependencies(name, self.user_dict, old_values)
                self.user_dict["_internal"]["dirty"].pop(name, None)
            self.user_dict["_internal"]["steps"] += 1

    def _validate_field(self, screen: Screen, name: str, value: Any) -> None:
        """The field's own ``validate`` function, given the converted value."""
        question = self.status.question
        for number, item in enumerate(screen.fields):
            if item["variable_name"] != name:
                continue
            the_field = next((f for f in question.fields if f.number == item.get("number")), None)
            if the_field is None or not hasattr(the_field, "validate"):
                return
            check = eval(the_field.validate["compute"], self.user_dict)
            if isinstance(value, tuple):
                return
            if not check(value):
                raise ScreenError(f"{name}: the field's validate function refused {value!r}")
            return

    def _checkbox_dict(self, name: str) -> None:
        """Make the DADict a checkboxes field fills, as docassemble.webapp's POST handler does when it
        does not exist yet: an attribute of an object, an item of a DAList/DADict, or a variable;
        an existing one is kept and its keys set again."""
        from docassemble.base.parse import parse_var_name
        try:
            eval(name, self.user_dict)
            return
        except Exception:  # noqa: BLE001 - not defined yet
            pass
        core, rest = parse_var_name(name)["final_parts"]
        try:
            owner = eval(core, self.user_dict) if rest else None
        except Exception:  # noqa: BLE001 - the owner is not defined either
            owner = None
        made = "docassemble.base.util.DADict, auto_gather=False, gathered=True"
        if rest.startswith(".") and hasattr(owner, "instanceName"):
            exec(f"{core}.initializeAttribute({rest[1:]!r}, {made})", self.user_dict)
        elif rest.startswith("[") and hasattr(owner, "instanceName"):
            exec(f"{core}.initializeObject({rest[1:-1]}, {made})", self.user_dict)
        else:
            exec(f"{name} = docassemble.base.util.DADict({name!r}, auto_gather=False, gathered=True)", self.user_dict)

    def _assign(self, name: str, value: Any, ensure_object_exists) -> None:
        store = self.harness.store
        if isinstance(value, tuple):
            kind = value[0]
            if kind == "code":
                exec(f"{name} = {value[1]}", self.user_dict)
            elif kind == "object":
                exec(f"{name} = {value[1]}", self.user_dict)
            elif kind == "checkboxes":
                self._checkbox_dict(name)
                for key, ticked in value[1].items():
                    exec(f"{name}[{key!r}] = {ticked}", self.user_dict)
            elif kind == "object_checkboxes":
                ensure_object_exists(name, "object_checkboxes", self.user_dict)
                exec(f"{name}.clear()", self.user_dict)
                for choice in value[1]:
                    exec(f"{name}.append({choice})", self.user_dict)
                exec(f"{name}.gathered = True", self.user_dict)
            elif kind == "files":
                items = []
                for index, path in enumerate(value[1]):
                    filename = Path(path).name
                    number = store.new_number(filename)
                    store.write(number, Path(path).read_bytes())
                    extension = Path(filename).suffix.lstrip(".").lower()
                    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                    items.append(f"docassemble.base.util.DAFile({name + '[' + str(index) + ']'!r}, filename={filename!r}, "
                                 f"number={number}, mimetype={mimetype!r}, extension={extension!r})")
                exec(f"{name} = docassemble.base.util.DAFileList({name!r}, elements=[{', '.join(items)}], "
                     "auto_gather=False, gathered=True)", self.user_dict)
            elif kind == "signature":
                number = store.new_number("canvas.png")
                store.write(number, _signature_png())
                exec(f"{name} = docassemble.base.util.DAFile({name!r}, filename='canvas.png', number={number}, "
                     "mimetype='image/png', extension='png')", self.user_dict)
            return
        self.user_dict["_scc_value"] = value
        try:
            exec(f"{name} = _scc_value", self.user_dict)
        finally:
            del self.user_dict["_scc_value"]


def _pickleable(user_dict: dict[str, Any]) -> dict[str, Any]:
    from docassemble.base.functions import pickleable_objects
    return pickleable_objects(user_dict)


def _signature_png() -> bytes:
    """A drawn signature: a dark squiggle on a transparent 400 x 100 canvas, as the browser sends."""
    import io
    import math
    from PIL import Image, ImageDraw
    image = Image.new("RGBA", (400, 100), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20 + x, 55 + 25 * math.sin(x / 18.0) * math.cos(x / 47.0)) for x in range(0, 360, 3)]
    draw.line(points, fill=(20, 20, 60, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
