/* test_refkey.c - mvr_normalize_reference(): every reference format seen
 * in the wild (section 2 of /work/shared/data/metaverse-standards-notes.md
 * and the JCA-MV template), one table row each: the input, the family of
 * the submitting organisation, and the expected family, key, display and
 * detail. Then: groups of spellings that must share one key, the cases
 * that must not, errors, and allocation failures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mvroad.h"

static mvr_profile *P;

static int setup(void **state)
{
  (void)state;
  return mvr_profile_default(&P) == MVR_OK ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  mvr_profile_free(P);
  return 0;
}

/* --- a countdown allocator: allocation number `fail_at` fails ----------- */

static long fail_at = -1, nallocs;

static void *t_malloc(size_t n, void *ud)
{
  (void)ud;
  if (fail_at >= 0 && nallocs++ >= fail_at)
    return NULL;
  return malloc(n ? n : 1);
}

static void *t_realloc(void *p, size_t n, void *ud)
{
  (void)ud;
  if (fail_at >= 0 && nallocs++ >= fail_at)
    return NULL;
  return realloc(p, n ? n : 1);
}

static void t_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

static void fail_from(long n)
{
  static const mvr_allocator a = {t_malloc, t_realloc, t_free, NULL};
  fail_at = n;
  nallocs = 0;
  assert_int_equal(mvr_set_allocator(&a), MVR_OK);
}

static void fail_never(void)
{
  fail_at = -1;
  assert_int_equal(mvr_set_allocator(NULL), MVR_OK);
}

/* --- the table ----------------------------------------------------------- */

typedef struct ref_case {
  const char *in;
  const char *org_family;                      /* NULL: no organisation */
  const char *family, *key, *display, *detail; /* detail NULL: none */
} ref_case;

static const ref_case cases[] = {
    /* ISO/IEC: year and edition suffixes */
    {"ISO/IEC 23090-2", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", NULL},
    {"ISO/IEC 23090-2:2023", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2",
     "2023"},
    {"ISO/IEC 23090-2:2019(E)", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2",
     "2019"},
    {"ISO/IEC 23090-2:2023 (en)", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2",
     "2023"},
    {"ISO/IEC 23090-2:2021", "ISO/IEC", "ISO/IEC", "23090-2", "ISO/IEC 23090-2",
     "2021"},
    {"ISO/IEC 18039-ed.1.0", NULL, "ISO/IEC", "18039", "ISO/IEC 18039",
     "ed. 1.0"},
    {"ISO/IEC/TR 23090-27-ed.1.0", NULL, "ISO/IEC", "23090-27",
     "ISO/IEC TR 23090-27", "ed. 1.0"},
    {"ISO/IEC TR 23090-27", NULL, "ISO/IEC", "23090-27", "ISO/IEC TR 23090-27",
     NULL},
    {"ISO/IEC 23090-3:2022 Ed. 2", NULL, "ISO/IEC", "23090-3",
     "ISO/IEC 23090-3", "2022 ed. 2"},
    {"iso/iec 23090-2", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", NULL},
    {"ISO/IEC/IEEE 8802-3:2021", NULL, "ISO/IEC", "8802-3",
     "ISO/IEC/IEEE 8802-3", "2021"},
    /* ISO/IEC: draft stages are detail, not key */
    {"ISO/IEC NP 23090-39", NULL, "ISO/IEC", "23090-39", "ISO/IEC 23090-39",
     "NP"},
    {"ISO/AWI 9241-820", NULL, "ISO/IEC", "9241-820", "ISO 9241-820", "AWI"},
    {"ISO 9241-820:2024", NULL, "ISO/IEC", "9241-820", "ISO 9241-820", "2024"},
    {"ISO/IEC DIS 23090-14", NULL, "ISO/IEC", "23090-14", "ISO/IEC 23090-14",
     "DIS"},
    {"ISO/IEC FDIS 23090-5", NULL, "ISO/IEC", "23090-5", "ISO/IEC 23090-5",
     "FDIS"},
    {"ISO/IEC CD 23090-5:2025", NULL, "ISO/IEC", "23090-5", "ISO/IEC 23090-5",
     "CD 2025"},
    {"ISO/IEC PRF TR 23842-1", NULL, "ISO/IEC", "23842-1", "ISO/IEC TR 23842-1",
     "PRF"},
    {"ISO/IEC DTR 23090-27", NULL, "ISO/IEC", "23090-27", "ISO/IEC TR 23090-27",
     "DTR"},
    /* ISO/IEC: amendments and corrigenda are documents of their own */
    {"ISO/IEC 23090-14:2023/Amd 1:2023", NULL, "ISO/IEC", "23090-14/AMD 1",
     "ISO/IEC 23090-14/Amd 1", "2023 Amd 1:2023"},
    {"ISO/IEC 23090-6:2021/AMD1:2024", NULL, "ISO/IEC", "23090-6/AMD 1",
     "ISO/IEC 23090-6/Amd 1", "2021 Amd 1:2024"},
    {"ISO/IEC 23090-18:2024/Amd. 1:2024(en)", NULL, "ISO/IEC", "23090-18/AMD 1",
     "ISO/IEC 23090-18/Amd 1", "2024 Amd 1:2024"},
    {"ISO/IEC 23090-10:2022/Cor 1:2023", NULL, "ISO/IEC", "23090-10/COR 1",
     "ISO/IEC 23090-10/Cor 1", "2022 Cor 1:2023"},
    {"ISO/IEC 23090-14:2023/DAmd 2", NULL, "ISO/IEC", "23090-14/AMD 2",
     "ISO/IEC 23090-14/Amd 2", "2023 DAmd 2"},
    {"ISO/IEC 23090-14:2023/CD Amd 2", NULL, "ISO/IEC", "23090-14/AMD 2",
     "ISO/IEC 23090-14/Amd 2", "2023 CD Amd 2"},
    {"ISO/IEC 23090-14/Amd 1", NULL, "ISO/IEC", "23090-14/AMD 1",
     "ISO/IEC 23090-14/Amd 1", NULL},
    {"ISO/IEC 23090-10:2022/Corrigendum 1", NULL, "ISO/IEC", "23090-10/COR 1",
     "ISO/IEC 23090-10/Cor 1", "2022"},
    /* a consolidated edition is the base document */
    {"IEC 63145-1-2:2022+AMD1:2024 CSV", NULL, "ISO/IEC", "63145-1-2",
     "IEC 63145-1-2", "2022 +AMD1:2024 CSV"},
    /* guides are numbered in a series of their own */
    {"ISO/IEC Guide 71", NULL, "ISO/IEC", "GUIDE 71", "ISO/IEC Guide 71", NULL},
    {"ISO Guide 71:2014", NULL, "ISO/IEC", "GUIDE 71", "ISO Guide 71", "2014"},
    /* national adoptions are the ISO/IEC document */
    {"AS ISO/IEC 18039:2025", NULL, "ISO/IEC", "18039", "ISO/IEC 18039",
     "AS 2025"},
    {"GSO ISO/IEC 18520:2022", NULL, "ISO/IEC", "18520", "ISO/IEC 18520",
     "GSO 2022"},
    {"CSA ISO/IEC 23090-2", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2",
     "CSA"},
    {"prBAS ISO/IEC 23090-14:2026", NULL, "ISO/IEC", "23090-14",
     "ISO/IEC 23090-14", "prBAS 2026"},
    {"NEN ISO/IEC 23005-4", NULL, "ISO/IEC", "23005-4", "ISO/IEC 23005-4",
     "NEN"},
    {"NEN-ISO/IEC 23005-4", NULL, "ISO/IEC", "23005-4", "ISO/IEC 23005-4",
     "NEN"},
    {"BS ISO/IEC 23090-2", NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", "BS"},
    {"BS EN ISO 9241-820:2024", NULL, "ISO/IEC", "9241-820", "ISO 9241-820",
     "BS EN 2024"},
    {"KS X ISO/IEC 18039", NULL, "ISO/IEC", "18039", "ISO/IEC 18039", "KS X"},
    /* the Chinese form: national number, then the adopted document (the
     * national number here is illustrative) */
    {"GB/T 99999-2024/IEC 63145-20-10:2019", NULL, "ISO/IEC", "63145-20-10",
     "IEC 63145-20-10", "GB/T 99999-2024 2019"},
    /* IEC */
    {"IEC 63145-20-10:2019", NULL, "ISO/IEC", "63145-20-10", "IEC 63145-20-10",
     "2019"},
    {"IEC TR 63614-1:2026", NULL, "ISO/IEC", "63614-1", "IEC TR 63614-1",
     "2026"},
    {"IEC 63145-1-2:2022-07(en)", NULL, "ISO/IEC", "63145-1-2", "IEC 63145-1-2",
     "2022-07"},
    {"IEC 63145-1-2 Edition 1.0 2022-07", NULL, "ISO/IEC", "63145-1-2",
     "IEC 63145-1-2", "ed. 1.0 2022-07"},
    /* a bare number takes the organisation's family */
    {"23090-2", "ISO/IEC", "ISO/IEC", "23090-2", "ISO/IEC 23090-2", NULL},
    {"TR 23090-27", "ISO/IEC", "ISO/IEC", "23090-27", "ISO/IEC TR 23090-27",
     NULL},
    /* nicknames are not designations: keys of their own */
    {"MPEG-I Part 3", "ISO/IEC", "ISO/IEC", "MPEG-I PART 3",
     "ISO/IEC MPEG-I Part 3", NULL},
    {"VVC", "ISO/IEC", "ISO/IEC", "VVC", "ISO/IEC VVC", NULL},
    {"VVC", "ITU-T", "ITU-T", "VVC", "ITU-T VVC", NULL},
    {"OMAF", "ISO/IEC", "ISO/IEC", "OMAF", "ISO/IEC OMAF", NULL},
    {"MIV", "ISO/IEC", "ISO/IEC", "MIV", "ISO/IEC MIV", NULL},
    {"V-PCC/V3C", "ISO/IEC", "ISO/IEC", "V-PCC/V3C", "ISO/IEC V-PCC/V3C", NULL},
    {"G-PCC", "ISO/IEC", "ISO/IEC", "G-PCC", "ISO/IEC G-PCC", NULL},
    {"MPEG-V", "ISO/IEC", "ISO/IEC", "MPEG-V", "ISO/IEC MPEG-V", NULL},
    {"MPEG-I", "ISO/IEC", "ISO/IEC", "MPEG-I", "ISO/IEC MPEG-I", NULL},
    {"ISO/IEC 23005", NULL, "ISO/IEC", "23005", "ISO/IEC 23005", NULL},
    {"ISO/IEC 12113", NULL, "ISO/IEC", "12113", "ISO/IEC 12113", NULL},

    /* ITU-T */
    {"ITU-T Y.4239", NULL, "ITU-T", "Y.4239", "ITU-T Y.4239", NULL},
    {"ITU-T Y.4239 (11/2025)", NULL, "ITU-T", "Y.4239", "ITU-T Y.4239",
     "11/2025"},
    {"Recommendation ITU-T Y.4240", NULL, "ITU-T", "Y.4240", "ITU-T Y.4240",
     NULL},
    {"Rec. ITU-T H.266 (V3) (09/2023)", NULL, "ITU-T", "H.266", "ITU-T H.266",
     "V3 09/2023"},
    {"ITU-T H.266", NULL, "ITU-T", "H.266", "ITU-T H.266", NULL},
    {"ITU-T Rec. H.266", NULL, "ITU-T", "H.266", "ITU-T H.266", NULL},
    {"H.266", "ITU-T", "ITU-T", "H.266", "ITU-T H.266", NULL},
    {"Recommendation H.266", "ITU-T", "ITU-T", "H.266", "ITU-T H.266", NULL},
    {"h.266", "ITU-T", "ITU-T", "H.266", "ITU-T h.266", NULL},
    {"ITU-T H.266 | ISO/IEC 23090-3", NULL, "ITU-T", "H.266", "ITU-T H.266",
     "| ISO/IEC 23090-3"},
    {"T-REC-H.430.1-201808-I", NULL, "ITU-T", "H.430.1", "ITU-T H.430.1",
     "08/2018"},
    {"T-REC-H.430.3-201808-S", NULL, "ITU-T", "H.430.3", "ITU-T H.430.3",
     "08/2018 superseded"},
    {"https://www.itu.int/rec/T-REC-H.266-202309-I/en", NULL, "ITU-T", "H.266",
     "ITU-T H.266", "09/2023"},
    {"11.1002/1000/16510", NULL, "ITU-T", "11.1002/1000/16510",
     "11.1002/1000/16510", NULL},
    {"http://handle.itu.int/11.1002/1000/16510", NULL, "ITU-T",
     "11.1002/1000/16510", "11.1002/1000/16510", NULL},
    /* provisional names keep keys of their own until a later merge */
    {"Y.dtmv-reqts", "ITU-T", "ITU-T", "Y.DTMV-REQTS", "ITU-T Y.dtmv-reqts",
     NULL},
    {"Y.dtmv-ref", "ITU-T", "ITU-T", "Y.DTMV-REF", "ITU-T Y.dtmv-ref", NULL},
    {"Y.dtmv-if", "ITU-T", "ITU-T", "Y.DTMV-IF", "ITU-T Y.dtmv-if", NULL},
    {"F.IPTV-VRSReqs", "ITU-T", "ITU-T", "F.IPTV-VRSREQS",
     "ITU-T F.IPTV-VRSReqs", NULL},
    {"F.740.9 (ex F.IPTV-VRSReqs)", "ITU-T", "ITU-T", "F.740.9",
     "ITU-T F.740.9", "ex F.IPTV-VRSReqs"},
    {"ITU-T F.740.9 (03/2025)", NULL, "ITU-T", "F.740.9", "ITU-T F.740.9",
     "03/2025"},
    {"Q.FITSM", "ITU-T", "ITU-T", "Q.FITSM", "ITU-T Q.FITSM", NULL},
    {"X.sg-eimv", "ITU-T", "ITU-T", "X.SG-EIMV", "ITU-T X.sg-eimv", NULL},
    {"Y.trust-MVInf-fr", "ITU-T", "ITU-T", "Y.TRUST-MVINF-FR",
     "ITU-T Y.trust-MVInf-fr", NULL},
    {"H.ILE-FT", "ITU-T", "ITU-T", "H.ILE-FT", "ITU-T H.ILE-FT", NULL},
    {"GSTR-MVQ", "ITU-T", "ITU-T", "GSTR-MVQ", "ITU-T GSTR-MVQ", NULL},
    {"H.MV-FRADAI", "ITU-T", "ITU-T", "H.MV-FRADAI", "ITU-T H.MV-FRADAI", NULL},
    {"ITU-T Y.MetaExpSys", NULL, "ITU-T", "Y.METAEXPSYS", "ITU-T Y.MetaExpSys",
     NULL},
    /* supplements */
    {"ITU-T Y Suppl. 45", NULL, "ITU-T", "Y.SUP45", "ITU-T Y Suppl. 45", NULL},
    {"ITU-T Y.Sup45", NULL, "ITU-T", "Y.SUP45", "ITU-T Y.Sup45", NULL},
    {"ITU-T Y.Suppl.45", NULL, "ITU-T", "Y.SUP45", "ITU-T Y.Suppl.45", NULL},
    {"T-REC-Y.Sup45-201703-I", NULL, "ITU-T", "Y.SUP45", "ITU-T Y.Sup45",
     "03/2017"},
    /* ITU-R: "-2" is the revision */
    {"Recommendation ITU-R BT.2100-2 (07/2018)", NULL, "ITU-R", "BT.2100",
     "ITU-R BT.2100", "rev. 2 07/2018"},
    {"ITU-R BT.2100", NULL, "ITU-R", "BT.2100", "ITU-R BT.2100", NULL},

    /* ITU-T FG-MV deliverables */
    {"FGMV-01", NULL, "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FGMV-01", "ITU-T FG-MV", "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FGMV-1", NULL, "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FG-MV-01", NULL, "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FGMV 01", NULL, "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"ITU-T FGMV-01", NULL, "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FGMV-51", NULL, "ITU-T FG-MV", "FGMV-51", "FGMV-51", NULL},
    {"01", "ITU-T FG-MV", "ITU-T FG-MV", "FGMV-01", "FGMV-01", NULL},
    {"FG-MV D.WG1-01", NULL, "ITU-T FG-MV", "FGMV-D.WG1-01", "FG-MV D.WG1-01",
     NULL},
    {"FGMV-D5.1-uriop", NULL, "ITU-T FG-MV", "FGMV-D5.1-URIOP",
     "FGMV-D5.1-uriop", NULL},
    {"FGMV-O-128", NULL, "ITU-T FG-MV", "FGMV-O-128", "FGMV-O-128", NULL},

    /* IEEE: the year is detail; P-projects keep a key of their own */
    {"IEEE Std 2888.1-2023", NULL, "IEEE", "2888.1", "IEEE 2888.1-2023",
     "2023"},
    {"IEEE 2888.1-2023", NULL, "IEEE", "2888.1", "IEEE 2888.1-2023", "2023"},
    {"IEEE 2888.1", NULL, "IEEE", "2888.1", "IEEE 2888.1", NULL},
    {"2888.1-2023", "IEEE", "IEEE", "2888.1", "IEEE 2888.1-2023", "2023"},
    {"IEEE Std. 2888.1-2023", NULL, "IEEE", "2888.1", "IEEE 2888.1-2023",
     "2023"},
    {"IEEE Std 2888.1\xe2\x84\xa2-2023", NULL, "IEEE", "2888.1",
     "IEEE 2888.1-2023", "2023"},
    {"IEEE P2888.1", NULL, "IEEE", "P2888.1", "IEEE P2888.1", NULL},
    {"P2048.101/D3.0", "IEEE", "IEEE", "P2048.101", "IEEE P2048.101", "D3.0"},
    {"P2048.101/D3.0", NULL, "IEEE", "P2048.101", "IEEE P2048.101", "D3.0"},
    {"IEEE P2048.1", NULL, "IEEE", "P2048.1", "IEEE P2048.1", NULL},
    {"IEEE P1589-2020", NULL, "IEEE", "1589", "IEEE 1589-2020", "2020"},
    {"IEEE 1918.1.1-2024", NULL, "IEEE", "1918.1.1", "IEEE 1918.1.1-2024",
     "2024"},
    {"IEEE 802.11ax-2021", NULL, "IEEE", "802.11AX", "IEEE 802.11ax-2021",
     "2021"},
    {"IEEE P7016", NULL, "IEEE", "P7016", "IEEE P7016", NULL},
    {"IEEE Std 1589-2020 (Revision of IEEE Std 1589-2010)", NULL, "IEEE",
     "1589", "IEEE 1589-2020", "2020 Revision of IEEE Std 1589-2010"},

    /* 3GPP */
    {"TR 26.998", NULL, "3GPP", "26.998", "3GPP TR 26.998", NULL},
    {"3GPP TR 26.998", NULL, "3GPP", "26.998", "3GPP TR 26.998", NULL},
    {"26.998", "3GPP", "3GPP", "26.998", "3GPP 26.998", NULL},
    {"26.998", NULL, "3GPP", "26.998", "3GPP 26.998", NULL},
    {"3GPP TR 26.998 version 17.1.0 Release 17", NULL, "3GPP", "26.998",
     "3GPP TR 26.998", "V17.1.0 Rel-17"},
    {"ETSI TR 126 998 V17.1.0 (2022-10)", NULL, "3GPP", "26.998",
     "3GPP TR 26.998", "ETSI TR 126 998 V17.1.0 2022-10"},
    {"3GPP TS 26.119 V19.2.0", NULL, "3GPP", "26.119", "3GPP TS 26.119",
     "V19.2.0"},
    {"TS 26.119 Rel-19", "3GPP", "3GPP", "26.119", "3GPP TS 26.119", "Rel-19"},
    {"3GPP TS 26.119 (Release 19)", NULL, "3GPP", "26.119", "3GPP TS 26.119",
     "Rel-19"},
    {"TR 23.700-60", "3GPP", "3GPP", "23.700-60", "3GPP TR 23.700-60", NULL},
    {"ETSI TR 123 700-60 V18.0.0", NULL, "3GPP", "23.700-60",
     "3GPP TR 23.700-60", "ETSI TR 123 700-60 V18.0.0"},
    {"TR 22.87x", "3GPP", "3GPP", "22.87X", "3GPP TR 22.87x", NULL},

    /* ETSI */
    {"ETSI GS ARF 003", NULL, "ETSI", "GS ARF 003", "ETSI GS ARF 003", NULL},
    {"ETSI GS ARF 003 V1.1.1 (2020-03)", NULL, "ETSI", "GS ARF 003",
     "ETSI GS ARF 003", "V1.1.1 2020-03"},
    {"DGS/ARF-003", NULL, "ETSI", "GS ARF 003", "ETSI GS ARF 003", "draft"},
    {"DGR/ARF-001", NULL, "ETSI", "GR ARF 001", "ETSI GR ARF 001", "draft"},
    {"ETSI GR ARF 001", NULL, "ETSI", "GR ARF 001", "ETSI GR ARF 001", NULL},
    {"ETSI GS ARF 004-3", NULL, "ETSI", "GS ARF 004-3", "ETSI GS ARF 004-3",
     NULL},
    {"DGS/ARF-004-3", NULL, "ETSI", "GS ARF 004-3", "ETSI GS ARF 004-3",
     "draft"},
    {"ETSI EN 303 645 V2.1.1 (2020-06)", NULL, "ETSI", "EN 303 645",
     "ETSI EN 303 645", "V2.1.1 2020-06"},
    {"GS ARF 003", "ETSI", "ETSI", "GS ARF 003", "ETSI GS ARF 003", NULL},

    /* W3C: the short name is the key */
    {"webxr", "W3C", "W3C", "webxr", "webxr", NULL},
    {"https://www.w3.org/TR/2025/CRD-webxr-20250417/", NULL, "W3C", "webxr",
     "webxr", "CRD 20250417"},
    {"https://www.w3.org/TR/webxr/", NULL, "W3C", "webxr", "webxr", NULL},
    {"W3C CRD-webxr-20250417", NULL, "W3C", "webxr", "webxr", "CRD 20250417"},
    {"CR-webxr-20220331", "W3C", "W3C", "webxr", "webxr", "CR 20220331"},
    {"REC-did-core-20220719", "W3C", "W3C", "did-core", "did-core",
     "REC 20220719"},
    {"PR-vc-data-model-2.0-20250320", "W3C", "W3C", "vc-data-model-2.0",
     "vc-data-model-2.0", "PR 20250320"},
    {"WebXR", "W3C", "W3C", "webxr", "WebXR", NULL},

    /* OGC */
    {"OGC 22-025r4", NULL, "OGC", "22-025", "OGC 22-025r4", "r4"},
    {"22-025R4", "OGC", "OGC", "22-025", "OGC 22-025r4", "r4"},
    {"OGC 20-010", NULL, "OGC", "20-010", "OGC 20-010", NULL},
    {"http://www.opengis.net/doc/cs/3D-Tiles/1.1", NULL, "OGC",
     "cs/3d-tiles/1.1", "OGC cs/3D-Tiles/1.1", NULL},
    {"http://www.opengis.net/doc/IS/CityGML-1/3.0", NULL, "OGC",
     "is/citygml-1/3.0", "OGC IS/CityGML-1/3.0", NULL},
    {"CityGML 3.0 Part 1- Conceptual Model", "OGC", "OGC",
     "citygml 3.0 part 1- conceptual model",
     "OGC CityGML 3.0 Part 1- Conceptual Model", NULL},

    /* IETF: the draft revision is detail */
    {"draft-ilola-avtcore-rtp-v3c", NULL, "IETF", "draft-ilola-avtcore-rtp-v3c",
     "draft-ilola-avtcore-rtp-v3c", NULL},
    {"draft-ietf-avtcore-rtp-v3c-01", NULL, "IETF",
     "draft-ietf-avtcore-rtp-v3c", "draft-ietf-avtcore-rtp-v3c", "01"},
    {"draft-ietf-avtcore-rtp-v3c-17", NULL, "IETF",
     "draft-ietf-avtcore-rtp-v3c", "draft-ietf-avtcore-rtp-v3c", "17"},
    {"https://datatracker.ietf.org/doc/draft-ietf-avtcore-rtp-v3c/", NULL,
     "IETF", "draft-ietf-avtcore-rtp-v3c", "draft-ietf-avtcore-rtp-v3c", NULL},
    {"RFC 9134", NULL, "IETF", "RFC 9134", "RFC 9134", NULL},
    {"RFC9134", NULL, "IETF", "RFC 9134", "RFC 9134", NULL},
    {"https://www.rfc-editor.org/rfc/rfc9134.html", NULL, "IETF", "RFC 9134",
     "RFC 9134", NULL},

    /* generic families: the text is the key, less the family's name and
     * trade mark signs */
    {"glTF 2.0", "Khronos Group", "Khronos Group", "GLTF 2.0", "glTF 2.0",
     NULL},
    {"glTF\xe2\x84\xa2 2.0", "Khronos Group", "Khronos Group", "GLTF 2.0",
     "glTF 2.0", NULL},
    {"Khronos glTF 2.0", NULL, "Khronos Group", "GLTF 2.0", "glTF 2.0", NULL},
    {"OpenXR 1.1", "Khronos Group", "Khronos Group", "OPENXR 1.1", "OpenXR 1.1",
     NULL},
    {"OpenUSD Core Specification 1.0", "AOUSD", "AOUSD",
     "OPENUSD CORE SPECIFICATION 1.0", "OpenUSD Core Specification 1.0", NULL},
    {"MPAI-MMM MMM-ARC V1.1", "MPAI", "MPAI", "MPAI-MMM MMM-ARC V1.1",
     "MPAI-MMM MMM-ARC V1.1", NULL},
    /* an organisation outside the profile's families scopes its own keys */
    {"MSF-Glossary-2024", "Metaverse Standards Forum",
     "Metaverse Standards Forum", "MSF-GLOSSARY-2024", "MSF-Glossary-2024",
     NULL},
    {"P2048.1", "Some Forum", "Some Forum", "P2048.1", "P2048.1", NULL},
    /* nothing names a family */
    {"Some Spec 1.0", NULL, "", "SOME SPEC 1.0", "Some Spec 1.0", NULL},
    {"ISO/IEC", NULL, "ISO/IEC", "ISO/IEC", "ISO/IEC", NULL},

    /* the text is cleaned first: spaces, dashes Word puts in */
    {"  ISO/IEC\xc2\xa0"
     "23090-2  ",
     NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", NULL},
    {"ISO/IEC 23090\xe2\x80\x91"
     "2:2023",
     NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", "2023"},
    {"ISO/IEC 23090\xe2\x80\x93"
     "2",
     NULL, "ISO/IEC", "23090-2", "ISO/IEC 23090-2", NULL},
    {"IEEE 2888.1\xe2\x80\x94"
     "2023",
     NULL, "IEEE", "2888.1", "IEEE 2888.1-2023", "2023"},
};

static int str_eq(const char *a, const char *b)
{
  if (!a || !b)
    return a == b;
  return strcmp(a, b) == 0;
}

static void test_table(void **state)
{
  size_t i, bad = 0;

  (void)state;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const ref_case *t = &cases[i];
    mvr_ref r;
    mvr_status rc =
        mvr_normalize_reference(P, t->org_family, t->in, strlen(t->in), &r);
    if (rc != MVR_OK || !str_eq(r.family, t->family) ||
        !str_eq(r.key, t->key) || !str_eq(r.display, t->display) ||
        !str_eq(r.detail, t->detail)) {
      print_error("\"%s\" (org family %s):\n"
                  "   got rc %d family \"%s\" key \"%s\" display \"%s\" "
                  "detail \"%s\"\n"
                  "  want       family \"%s\" key \"%s\" display \"%s\" "
                  "detail \"%s\"\n",
                  t->in, t->org_family ? t->org_family : "-", (int)rc,
                  r.family ? r.family : "(null)", r.key ? r.key : "(null)",
                  r.display ? r.display : "(null)",
                  r.detail ? r.detail : "(null)", t->family, t->key, t->display,
                  t->detail ? t->detail : "(null)");
      bad++;
    }
    mvr_ref_clear(&r);
  }
  assert_int_equal(bad, 0);
}

/* --- equivalence: one document, one key ------------------------------ */

typedef struct spelling {
  const char *in, *org_family;
} spelling;

/* Each group lists spellings of one document; a NULL `in` ends a group. */
static const spelling same[] = {
    {"ISO/IEC 23090-2", NULL},
    {"ISO/IEC 23090-2:2023", NULL},
    {"ISO/IEC 23090-2:2019(E)", NULL},
    {"ISO/IEC 23090-2:2021", "ISO/IEC"},
    {"ISO/IEC FDIS 23090-2", NULL},
    {"BS ISO/IEC 23090-2", NULL},
    {"CSA ISO/IEC 23090-2", NULL},
    {"23090-2", "ISO/IEC"},
    {NULL, NULL},
    {"ISO/AWI 9241-820", NULL},
    {"ISO 9241-820:2024", NULL},
    {"BS EN ISO 9241-820:2024", NULL},
    {NULL, NULL},
    {"ISO/IEC TR 23090-27", NULL},
    {"ISO/IEC/TR 23090-27-ed.1.0", NULL},
    {"ISO/IEC DTR 23090-27", NULL},
    {"ISO/IEC 23090-27", NULL},
    {NULL, NULL},
    {"Rec. ITU-T H.266 (V3) (09/2023)", NULL},
    {"ITU-T H.266", NULL},
    {"H.266", "ITU-T"},
    {"H.266", NULL},
    {"Recommendation ITU-T H.266", NULL},
    {"T-REC-H.266-202309-I", NULL},
    {"https://www.itu.int/rec/T-REC-H.266-202309-I/en", NULL},
    {"ITU-T H.266 | ISO/IEC 23090-3", NULL},
    {NULL, NULL},
    {"IEEE Std 2888.1-2023", NULL},
    {"IEEE 2888.1-2023", NULL},
    {"IEEE 2888.1", NULL},
    {"2888.1-2023", "IEEE"},
    {"IEEE Std 2888.1\xe2\x84\xa2-2023", NULL},
    {NULL, NULL},
    {"3GPP TR 26.998", NULL},
    {"TR 26.998", NULL},
    {"26.998", "3GPP"},
    {"26.998", NULL},
    {"3GPP TR 26.998 version 17.1.0 Release 17", NULL},
    {"ETSI TR 126 998 V17.1.0 (2022-10)", NULL},
    {NULL, NULL},
    {"ETSI GS ARF 003", NULL},
    {"ETSI GS ARF 003 V1.1.1 (2020-03)", NULL},
    {"DGS/ARF-003", NULL},
    {"GS ARF 003", "ETSI"},
    {NULL, NULL},
    {"webxr", "W3C"},
    {"https://www.w3.org/TR/2025/CRD-webxr-20250417/", NULL},
    {"W3C CRD-webxr-20250417", NULL},
    {"CR-webxr-20220331", "W3C"},
    {NULL, NULL},
    {"OGC 22-025r4", NULL},
    {"22-025R4", "OGC"},
    {"OGC 22-025", NULL},
    {NULL, NULL},
    {"draft-ietf-avtcore-rtp-v3c", "IETF"},
    {"draft-ietf-avtcore-rtp-v3c-01", NULL},
    {"draft-ietf-avtcore-rtp-v3c-17", NULL},
    {NULL, NULL},
    {"FGMV-01", NULL},
    {"FGMV-1", "ITU-T FG-MV"},
    {"ITU-T FGMV-01", NULL},
    {"FG-MV-01", NULL},
    {NULL, NULL},
    {"glTF 2.0", "Khronos Group"},
    {"glTF\xe2\x84\xa2 2.0", "Khronos Group"},
    {"Khronos glTF 2.0", NULL},
    {NULL, NULL},
};

static void test_same_key(void **state)
{
  mvr_ref first, r;
  size_t i;
  int have = 0;

  (void)state;
  memset(&first, 0, sizeof first);
  for (i = 0; i < sizeof same / sizeof same[0]; i++) {
    if (!same[i].in) {
      mvr_ref_clear(&first);
      have = 0;
      continue;
    }
    assert_int_equal(mvr_normalize_reference(P, same[i].org_family, same[i].in,
                                             strlen(same[i].in),
                                             have ? &r : &first),
                     MVR_OK);
    if (!have) {
      have = 1;
      continue;
    }
    if (strcmp(r.family, first.family) != 0 || strcmp(r.key, first.key)) {
      print_error("\"%s\" gives %s \"%s\", but the group has %s \"%s\"\n",
                  same[i].in, r.family, r.key, first.family, first.key);
      mvr_ref_clear(&r);
      mvr_ref_clear(&first);
      fail();
    }
    mvr_ref_clear(&r);
  }
}

/* Documents that look alike but are different: distinct keys. */
static void test_distinct(void **state)
{
  static const struct {
    spelling a, b;
  } t[] = {
      /* IEEE projects are merged with the standard by a later feature */
      {{"IEEE P2048.1", NULL}, {"IEEE 2048.1-2023", NULL}},
      {{"IEEE P3812.1", NULL}, {"IEEE 3812.1-2023", NULL}},
      {{"IEEE P7016", NULL}, {"IEEE P7016.1", NULL}},
      /* parts, amendments and corrigenda */
      {{"ISO/IEC 23090-2", NULL}, {"ISO/IEC 23090-20", NULL}},
      {{"ISO/IEC 23090-14", NULL}, {"ISO/IEC 23090-14:2023/Amd 1", NULL}},
      {{"ISO/IEC 23090-14/Amd 1", NULL}, {"ISO/IEC 23090-14/Cor 1", NULL}},
      {{"ISO/IEC 23090-14/Amd 1", NULL}, {"ISO/IEC 23090-14/Amd 2", NULL}},
      {{"ISO Guide 71", NULL}, {"ISO 71", NULL}},
      /* the same number in different families */
      {{"ITU-T H.266", NULL}, {"ITU-R H.266", NULL}},
      {{"26.998", "3GPP"}, {"26.998", "ITU-T"}},
      /* ETSI's own numbers are not 3GPP's */
      {{"ETSI TS 103 720", NULL}, {"3GPP TS 03.720", NULL}},
      /* ITU-T provisional names stay apart from the final number */
      {{"Y.dtmv-reqts", "ITU-T"}, {"Y.4238", "ITU-T"}},
      /* an individual IETF draft and the working group draft */
      {{"draft-ilola-avtcore-rtp-v3c", NULL},
       {"draft-ietf-avtcore-rtp-v3c", NULL}},
      /* W3C versions */
      {{"vc-data-model-2.0", "W3C"}, {"vc-data-model-2.1", "W3C"}},
      /* FG-MV deliverables and their drafts */
      {{"FGMV-01", NULL}, {"FG-MV D.WG1-01", NULL}},
      {{"FGMV-01", NULL}, {"FGMV-10", NULL}},
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    mvr_ref a, b;
    assert_int_equal(mvr_normalize_reference(P, t[i].a.org_family, t[i].a.in,
                                             strlen(t[i].a.in), &a),
                     MVR_OK);
    assert_int_equal(mvr_normalize_reference(P, t[i].b.org_family, t[i].b.in,
                                             strlen(t[i].b.in), &b),
                     MVR_OK);
    if (strcmp(a.family, b.family) == 0 && strcmp(a.key, b.key) == 0) {
      print_error("\"%s\" and \"%s\" share %s \"%s\"\n", t[i].a.in, t[i].b.in,
                  a.family, a.key);
      mvr_ref_clear(&a);
      mvr_ref_clear(&b);
      fail();
    }
    mvr_ref_clear(&a);
    mvr_ref_clear(&b);
  }
}

/* The reference's own prefix wins over the organisation's family; the
 * organisation only fills in what the reference leaves open. */
static void test_org_family(void **state)
{
  mvr_ref r;

  (void)state;
  /* SG16 and SG21 both submit H.266: one key */
  assert_int_equal(
      mvr_normalize_reference(P, "ITU-T", "ISO/IEC 23090-3", 15, &r), MVR_OK);
  assert_string_equal(r.family, "ISO/IEC");
  mvr_ref_clear(&r);
  assert_int_equal(mvr_normalize_reference(P, "ISO/IEC", "ITU-T H.266", 11, &r),
                   MVR_OK);
  assert_string_equal(r.family, "ITU-T");
  mvr_ref_clear(&r);
  /* a form that names its family is not overridden */
  assert_int_equal(mvr_normalize_reference(P, "IEEE", "TR 26.998", 9, &r),
                   MVR_OK);
  assert_string_equal(r.family, "3GPP");
  mvr_ref_clear(&r);
  /* guesses are only made without an organisation */
  assert_int_equal(mvr_normalize_reference(P, "W3C", "H.266", 5, &r), MVR_OK);
  assert_string_equal(r.family, "W3C");
  assert_string_equal(r.key, "h.266");
  mvr_ref_clear(&r);
  /* "" is no organisation */
  assert_int_equal(mvr_normalize_reference(P, "", "H.266", 5, &r), MVR_OK);
  assert_string_equal(r.family, "ITU-T");
  mvr_ref_clear(&r);
}

/* --- errors ------------------------------------------------------------- */

static void test_errors(void **state)
{
  static const char *const empty[] = {
      "", " ", "\t \r\n", "\xc2\xa0", "\xef\xbb\xbf", "\xe2\x84\xa2"};
  char *big;
  mvr_ref r;
  size_t i;

  (void)state;
  for (i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    memset(&r, 0x5a, sizeof r);
    assert_int_equal(
        mvr_normalize_reference(P, NULL, empty[i], strlen(empty[i]), &r),
        MVR_ERR_DATA);
    assert_null(r.family);
    assert_null(r.key);
    assert_null(r.display);
    assert_null(r.detail);
  }
  /* invalid UTF-8 */
  assert_int_equal(
      mvr_normalize_reference(P, NULL, "ISO/IEC 23090\xff", 14, &r),
      MVR_ERR_DATA);
  assert_null(r.key);
  /* longer than any designation: rejected as data, not a fatal error */
  big = malloc(5000);
  assert_non_null(big);
  memset(big, 'x', 5000);
  memcpy(big, "ISO/IEC ", 8);
  assert_int_equal(mvr_normalize_reference(P, NULL, big, 1025, &r),
                   MVR_ERR_DATA);
  assert_int_equal(mvr_normalize_reference(P, NULL, big, 5000, &r),
                   MVR_ERR_DATA);
  assert_int_equal(mvr_normalize_reference(P, NULL, big, 1024, &r), MVR_OK);
  mvr_ref_clear(&r);
  free(big);
  /* clearing twice is harmless */
  mvr_ref_clear(&r);
}

/* Odd inputs must not crash or read out of bounds (run under ASan). */
static void test_odd(void **state)
{
  static const char *const odd[] = {
      "ISO/IEC 23090-2:",
      "ISO/IEC 23090-2:20",
      "ISO/IEC 23090-2/",
      "ISO/IEC 23090-2/Amd",
      "ISO/IEC 23090-2/Amd.",
      "ISO/IEC 23090-2(",
      "ISO/IEC 23090-2 (",
      "ISO/IEC 23090-2-ed.",
      "ISO/IEC DIS",
      "ISO/IEC 1-",
      "ITU-T",
      "ITU-T (",
      "T-REC-",
      "T-REC-H.266-",
      "T-REC-H.266-2023",
      "T-REC-H.266-202309-",
      "IEEE",
      "IEEE P",
      "IEEE Std",
      "IEEE 2888.1-",
      "IEEE 2888.1-20",
      "IEEE 2888.1/",
      "3GPP",
      "3GPP TR",
      "TR 26.",
      "3GPP TR 26.998 version",
      "3GPP TR 26.998 V",
      "ETSI",
      "ETSI TR 126",
      "ETSI TR 126 99",
      "DGS/",
      "DGS/-",
      "W3C",
      "CRD-",
      "https://www.w3.org/",
      "OGC",
      "OGC 22-02",
      "OGC 22-025r",
      "draft-",
      "RFC",
      "RFC ",
      "FGMV",
      "FG-MV-",
      "FGMV-0000",
      "11.1002/",
      "ITU-T Y Suppl.",
      "ITU-T Y.Sup",
      "ITU-R BT.2100-",
      "AS ISO",
      "GB/T 1/",
      "GB/T 1/ISO",
      "(",
      ")",
      "/",
      "-",
      ":",
      "((((",
      "ISO/IEC 23090-2:2023/Amd 1:2023/Amd 2:2024/Cor 1",
  };
  size_t i;

  (void)state;
  for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
    static const char *const fam[] = {
        NULL,  "ISO/IEC", "ITU-T", "IEEE",        "3GPP",         "ETSI",
        "W3C", "OGC",     "IETF",  "ITU-T FG-MV", "Khronos Group"};
    size_t f;
    for (f = 0; f < sizeof fam / sizeof fam[0]; f++) {
      mvr_ref r;
      mvr_status rc =
          mvr_normalize_reference(P, fam[f], odd[i], strlen(odd[i]), &r);
      assert_true(rc == MVR_OK || rc == MVR_ERR_DATA);
      if (rc == MVR_OK) {
        assert_non_null(r.family);
        assert_true(r.key && *r.key);
        assert_non_null(r.display);
        assert_true(!r.detail || *r.detail);
      }
      mvr_ref_clear(&r);
    }
  }
}

/* Long references built to make a rule loop or grow without bound. */
static void test_pathological(void **state)
{
  static const char *const units[] = {
      "/Amd 1", "(",      ")", "/",     " ",         "ISO ",     "BS ", "-ed.",
      ":2023",  "T-REC-", "-", "Rec. ", "IEEE Std ", "version ", "V1",  "&"};
  static const char *const prefixes[] = {
      "",       "ISO/IEC 1",       "ITU-T H.1",
      "IEEE 1", "3GPP TR 26.998 ", "ETSI GS ARF ",
      "BS "};
  char buf[1100];
  size_t u, p, i, ul;

  (void)state;
  for (p = 0; p < sizeof prefixes / sizeof prefixes[0]; p++) {
    for (u = 0; u < sizeof units / sizeof units[0]; u++) {
      mvr_ref r;
      mvr_status rc;
      i = strlen(prefixes[p]);
      memcpy(buf, prefixes[p], i);
      ul = strlen(units[u]);
      while (i + ul <= 1024) {
        memcpy(buf + i, units[u], ul);
        i += ul;
      }
      rc = mvr_normalize_reference(P, NULL, buf, i, &r);
      assert_true(rc == MVR_OK || rc == MVR_ERR_DATA);
      mvr_ref_clear(&r);
    }
  }
}

/* Every allocation failure gives MVR_ERR_NOMEM, a cleared result, no
 * leak. */
static void test_nomem(void **state)
{
  static const spelling t[] = {
      {"ISO/IEC FDIS 23090-14:2023/DAmd 2 (en)", NULL},
      {"Rec. ITU-T H.266 (V3) (09/2023)", NULL},
      {"IEEE Std 2888.1\xe2\x84\xa2-2023", NULL},
      {"ETSI TR 126 998 V17.1.0 (2022-10)", NULL},
      {"glTF 2.0", "Khronos Group"},
      {"BS EN ISO 9241-820:2024", NULL},
  };
  size_t i;
  long n;

  (void)state;
  for (i = 0; i < sizeof t / sizeof t[0]; i++) {
    for (n = 0;; n++) {
      mvr_ref r;
      mvr_status rc;
      fail_from(n);
      rc = mvr_normalize_reference(P, t[i].org_family, t[i].in, strlen(t[i].in),
                                   &r);
      fail_never();
      if (rc == MVR_OK) {
        mvr_ref_clear(&r);
        break;
      }
      assert_int_equal(rc, MVR_ERR_NOMEM);
      assert_null(r.family);
      assert_null(r.key);
      assert_null(r.display);
      assert_null(r.detail);
      assert_true(n < 200);
    }
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),        cmocka_unit_test(test_same_key),
      cmocka_unit_test(test_distinct),     cmocka_unit_test(test_org_family),
      cmocka_unit_test(test_errors),       cmocka_unit_test(test_odd),
      cmocka_unit_test(test_pathological), cmocka_unit_test(test_nomem),
  };
  return cmocka_run_group_tests_name("refkey", tests, setup, teardown);
}
