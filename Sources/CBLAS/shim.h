// CBLAS from Debian's libblas-dev; at run time the libblas.so.3 alternative selects OpenBLAS
// when libopenblas0-pthread is installed.
#include <cblas.h>
