# Turn the file IN into a C source OUT defining
# mvr_default_profile_json[] and mvr_default_profile_json_len.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from data/profiles/jca-mv.json: do not edit. */\n#include <stddef.h>\nconst unsigned char mvr_default_profile_json[] = {\n${body}0x00};\nconst size_t mvr_default_profile_json_len = ${len};\n")
