"""Qt's own dialogs speak Russian: the file dialog of Linux (Windows shows its own, in the language
of Windows) has no English label, button, tooltip or column left."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QLabel, QTreeView

from ui.shell.app import create_application

LATIN = re.compile(r"[A-Za-z]")
MODES = {
    "open": (QFileDialog.FileMode.ExistingFile, QFileDialog.AcceptMode.AcceptOpen),
    "save": (QFileDialog.FileMode.AnyFile, QFileDialog.AcceptMode.AcceptSave),
    "folder": (QFileDialog.FileMode.Directory, QFileDialog.AcceptMode.AcceptOpen),
}


@pytest.mark.parametrize("mode", MODES)
def test_the_file_dialog_has_no_english_word(qtbot, tmp_path, mode):
    create_application()
    file_mode, accept_mode = MODES[mode]
    dialog = QFileDialog(None, "Выберите файл", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(file_mode)
    dialog.setAcceptMode(accept_mode)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    for button in dialog.findChildren(QAbstractButton):
        texts += [button.text(), button.toolTip()]
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        horizontal = Qt.Orientation.Horizontal
        texts += [model.headerData(column, horizontal) for column in range(model.columnCount())]
    english = [text for text in texts if text and LATIN.search(text)]
    assert english == []
    assert "&Папка:" in texts
