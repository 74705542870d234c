"""The supervising office (政务公开办): checking other agencies' published annual reports."""
