"""The documents of a dispatch report: what it says (``contents``: the figures, and the order
every output lists the projects in), and its outputs, the HTML the page shows and the download
hands out (``html``), the Excel workbook (``workbook``, from the tables it shares with the PDF in
``tables``) and the PDF (``pdf``)."""
