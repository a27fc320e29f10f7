"""Tables as files people open: CSV and XLSX written (streamed) for every part that offers a download, and
read within the upload limits from every import (reading.py)."""
