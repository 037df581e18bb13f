// Debian's libreadstat-dev: SPSS .sav/.zsav (and other statistics formats) reader.
#include <readstat.h>
