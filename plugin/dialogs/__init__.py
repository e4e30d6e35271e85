"""Dialogs and docks of the plugin; layouts are Qt Designer ``.ui`` files beside them."""
