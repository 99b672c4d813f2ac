# The binding's version: the povmon release it was written for. It must equal
# POVMON_VERSION_STRING in include/povmon/version.h (a test checks).
__version__ = "0.4.0"
