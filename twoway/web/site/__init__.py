"""The site's frame: the page layout, its stylesheet and scripts, the home page and error pages."""
