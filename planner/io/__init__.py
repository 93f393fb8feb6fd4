"""Reading datasets from files and documents (the only place input files are read).

``read_dataset`` takes a CSV folder, an XLSX workbook or a JSON file;
``dataset_from_document`` takes the API's JSON payload. Both return a
``Loaded`` with the dataset (when there is no error) and every problem.
"""

from planner.io.dataset import Loaded, dataset_from_document, read_dataset

__all__ = ["Loaded", "dataset_from_document", "read_dataset"]
