"""REST framework plumbing shared by the apps' api.py modules: errors, fields, formats, paging."""
