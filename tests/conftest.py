import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The hook modules import each other the way MkDocs loads them: from their own folder.
sys.path.insert(0, str(ROOT / "hooks"))
