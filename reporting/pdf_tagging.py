"""The report PDF as a tagged, archivable PDF/A-2a that also declares PDF/UA-1.

Which variant, and why: WeasyPrint 70 writes one ``pdf_variant`` at a time (pdf/a-1b … pdf/a-4f,
pdf/ua-1, pdf/ua-2, pdf/x-…); it has no combined "PDF/A + PDF/UA" variant. Its ``pdf/ua-1``
variant does three things: PDF 1.7, the structure tree (``pdf_tags``: StructTreeRoot, MarkInfo
Marked, /Lang, ViewerPreferences DisplayDocTitle, /Alt from ``alt``, TH/TD with Headers/IDs,
backgrounds and borders as artifacts) and ``pdfuaid:part=1`` in the XMP metadata. Its ``pdf/a-2a``
variant does the first two as well (the "a" level requires the structure tree) and adds what an
archive needs: the ``pdfaid`` identification, an sRGB output intent and a file identifier. So the
report is written as ``pdf/a-2a`` and the finisher below adds the one thing ``pdf/ua-1`` would
have added, ``pdfuaid:part=1``, together with the PDF/A extension schema that PDF/A requires for
a property outside the predefined XMP schemas. PDF/A-2 rather than 3: the report embeds no file
(PDF/A-3 differs only by allowing any attachment). PDF/UA-1 rather than 2: PDF/UA-2 needs PDF 2.0,
which PDF/A-2 is not, and the checkers at hand (the ``pdfua`` package) know PDF/UA-1 only.

The finisher marks the running headers and footers (page margin boxes: chapter name, title, page
number) as pagination artifacts: WeasyPrint 70 gives their text marked-content ids but leaves the
structure elements it makes for them out of the tree ("could be included as Artifact, but that's
only allowed in PDF 2.0", pdf/tags.py), so that text would be neither real content in the tree nor
an artifact. It also writes ``/Scope`` on every TH: WeasyPrint links each TD to its headers
(``/Headers`` and IDs), which is enough for PDF/UA-1 §7.5, but writes no Scope, and assistive
software and checkers that read only the TH's attributes see headers that head nothing.

Verified here: the structure tree, the metadata and the machine-checkable PDF/UA-1 rules of the
``pdfua`` package (tests/reporting/test_pdf_accessibility.py). Not verified: PDF/A conformance as
veraPDF would judge it (no validator runs on the project's machines); it rests on WeasyPrint's
pdf/a-2a variant.
"""

from __future__ import annotations

import pydyf

PDF_VARIANT = "pdf/a-2a"
PDF_UA_PART = 1

# pdfuaid:part and the PDF/A extension schema that describes it (ISO 19005-2 §6.6.2.3.2: every
# XMP property outside the predefined schemas is declared in the file itself).
PDF_UA_XMP = f"""<rdf:Description rdf:about=""
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>{PDF_UA_PART}</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about=""
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>The part of ISO 14289 followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
""".encode()

# HTML scope → PDF Scope; a TH without one heads its column, as WeasyPrint reads it too.
SCOPES = {"row": "/Row", "rowgroup": "/Row", "col": "/Column", "colgroup": "/Column"}


def _declare_pdf_ua(pdf) -> None:
    """Add pdfuaid:part (and its extension schema) to the XMP metadata WeasyPrint wrote."""
    for obj in pdf.objects:
        if getattr(obj, "extra", {}).get("Type") == "/Metadata":
            content = b"".join(obj.stream)
            if b"</rdf:RDF>" not in content:
                raise ValueError("The PDF's XMP metadata has no rdf:RDF element")
            obj.stream = [content.replace(b"</rdf:RDF>", PDF_UA_XMP + b"</rdf:RDF>", 1)]
            return
    raise ValueError("The PDF has no XMP metadata to declare PDF/UA in")


def _scope_table_headers(document) -> None:
    """Write /Scope on the TH structure elements WeasyPrint made (it keeps each one on its
    cell box as ``mark`` while tagging)."""
    for page in document.pages:
        for box in page._page_box.descendants():
            mark = getattr(box, "mark", None)
            if getattr(box, "element_tag", None) == "th" and mark is not None:
                scope = (box.element.get("scope") or "col").lower()
                mark["A"]["Scope"] = SCOPES.get(scope, "/Column")


def _number(reference) -> int:
    """The object number of a pydyf reference (b"12 0 R")."""
    return int(bytes(reference).split()[0])


def _reachable_elements(pdf, tree_root) -> set[int]:
    """The object numbers of the structure elements reachable from the tree's root."""
    seen: set[int] = set()
    todo = [_number(ref) for ref in tree_root["K"]]
    while todo:
        number = todo.pop()
        element = pdf.objects[number]
        if number in seen or element.get("Type") != "/StructElem":
            continue  # an OBJR (a link's annotation) is no structure element
        seen.add(number)
        todo.extend(_number(kid) for kid in element["K"] if isinstance(kid, bytes | str))
    return seen


def _margin_content_as_artifacts(pdf) -> None:
    """Turn the marked content of elements left out of the tree into pagination artifacts."""
    tree_root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    parent_tree = pdf.objects[_number(tree_root["ParentTree"])]
    reachable = _reachable_elements(pdf, tree_root)
    mcids_by_page = dict(zip(parent_tree["Nums"][::2], parent_tree["Nums"][1::2], strict=True))
    for page in pdf.objects:
        if not isinstance(page, dict) or page.get("Type") != "/Page":
            continue
        refs = mcids_by_page.get(page.get("StructParents"))
        if not isinstance(refs, list):
            continue
        orphans = {mcid for mcid, ref in enumerate(refs) if _number(ref) not in reachable}
        if not orphans:
            continue
        stream = pdf.objects[_number(page["Contents"])].stream
        for i, item in enumerate(stream[1:-1], start=1):
            if isinstance(item, dict) and item.get("MCID") in orphans and stream[i + 1] == b"BDC":
                stream[i - 1] = "/Artifact"
                stream[i] = pydyf.Dictionary({"Type": "/Pagination"})
                refs[item["MCID"]] = "null"


def finish_tagged_pdf(document, pdf) -> None:
    """WeasyPrint's ``finisher``: runs after tagging, before the file is written."""
    _declare_pdf_ua(pdf)
    _scope_table_headers(document)
    _margin_content_as_artifacts(pdf)
