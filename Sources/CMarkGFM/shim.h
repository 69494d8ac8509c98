// cmark-gfm and its GitHub extensions (tables, task lists, strikethrough, autolinks) from Debian.
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
