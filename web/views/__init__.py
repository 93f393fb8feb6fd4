"""View models: plain dicts of what each page shows, built by pure functions.

Nothing here imports Flask. The Flask pages and a later static-site build
render the same templates from these dicts, so a public build can pass a
masked model (``masking.mask_board``) through the very same markup.
Positions (timeline bars, map points, chart boxes) are computed here as
numbers, so they can be tested without a browser.
"""
