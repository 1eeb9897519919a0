"""What tests/container/check.py found wrong: each finding names the file, the rule and what
is wrong, in Vietnamese with the English beside it."""
import pathlib


class Findings:
    def __init__(self, root):
        self.root = pathlib.Path(root)
        self.items = []

    def add(self, path, rule, vietnamese, english):
        """path: a file (absolute or relative to the root); rule: 'area.name', e.g.
        'compose.ports', which the checker's own tests look for."""
        path = pathlib.Path(path)
        try:
            shown = path.relative_to(self.root)
        except ValueError:
            shown = path
        self.items.append((str(shown), rule, vietnamese, english))

    def __len__(self):
        return len(self.items)

    def lines(self):
        return [f"{path}: [{rule}] {vi} ({en})" for path, rule, vi, en in self.items]
