"""Tables as files people open: CSV (streamed, Excel-safe) and XLSX (streamed). Used by every part that offers
a download."""
