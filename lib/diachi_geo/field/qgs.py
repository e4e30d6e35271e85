"""The QGIS project of a field package, written as QGIS 3.22 project XML without QGIS.

QField opens a ``.qgs`` as QGIS saved it: layers with relative sources (``./file``), each
field's edit widget (``ValueMap``, ``ExternalResource`` for photos, ``TextEdit``,
``DateTime``), its alias, default value and whether it is editable. The command line must
work where QGIS is not installed, so the XML is written here; a QGIS test opens it
headless and checks every layer, widget and value map.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyproj import CRS

from .form import FormField

__all__ = ["ProjectLayer", "project_xml"]

QGIS_VERSION = "3.22.0-Białowieża"


@dataclass
class ProjectLayer:
    """One layer of the project: ``kind`` vector or raster, its source relative to the
    project file, its CRS and, for the editable layer, its form."""

    layer_id: str
    title: str
    source: str
    kind: str = "vector"
    geometry: str = "Point"
    crs: str = "EPSG:4326"
    form: Sequence[FormField] = ()
    value_maps: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Field name -> [(stored value, label shown)]."""
    read_only: bool = True
    color: str = "227,26,28,255"
    lang: str = "vi"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _option(parent: ET.Element, name: str | None, value: object) -> ET.Element:
    """A QGIS ``<Option>`` for a str, bool, int, dict (Map) or list (List)."""
    attrs = {} if name is None else {"name": name}
    if isinstance(value, dict):
        element = _sub(parent, "Option", type="Map", **attrs)
        for key, item in value.items():
            _option(element, key, item)
    elif isinstance(value, list):
        element = _sub(parent, "Option", type="List", **attrs)
        for item in value:
            _option(element, None, item)
    elif isinstance(value, bool):
        element = _sub(parent, "Option", type="bool", value="true" if value else "false",
                       **attrs)
    elif isinstance(value, int):
        element = _sub(parent, "Option", type="int", value=str(value), **attrs)
    else:
        element = _sub(parent, "Option", type="QString", value=str(value), **attrs)
    return element


def _srs(parent: ET.Element, authid: str) -> None:
    crs = CRS.from_user_input(authid)
    ref = _sub(parent, "spatialrefsys")
    _sub(ref, "wkt", crs.to_wkt())
    _sub(ref, "srid", authid.split(":")[1])
    _sub(ref, "authid", authid)
    _sub(ref, "description", crs.name)
    _sub(ref, "geographicflag", "true" if crs.is_geographic else "false")


def _widget(form_field: FormField, value_maps: dict[str, list[tuple[str, str]]]
            ) -> tuple[str, dict]:
    """The QGIS edit widget type and its configuration for one form field."""
    kind = form_field.widget
    if kind == "value_map":
        return "ValueMap", {"map": [{label: value}
                                    for value, label in value_maps.get(form_field.name, [])]}
    if kind in ("photo", "camera"):
        # DocumentViewer 1 = image; RelativeStorage 1 = relative to the project file, as
        # QField stores what its camera takes (under DCIM/)
        return "ExternalResource", {"DocumentViewer": 1, "DocumentViewerHeight": 0,
                                    "DocumentViewerWidth": 0, "FileWidget": True,
                                    "FileWidgetButton": kind == "camera",
                                    "RelativeStorage": 1, "StorageMode": 0,
                                    "UseLink": False, "FullUrl": False}
    if kind == "datetime":
        return "DateTime", {"allow_null": True, "calendar_popup": True,
                            "display_format": "yyyy-MM-dd HH:mm",
                            "field_format": "yyyy-MM-ddTHH:mm:ss", "field_iso_format": False}
    return "TextEdit", {"IsMultiline": kind == "multiline", "UseHtml": False}


def _symbol(parent: ET.Element, layer: ProjectLayer) -> None:
    renderer = _sub(parent, "renderer-v2", type="singleSymbol", symbollevels="0",
                    enableorderby="0", forceraster="0", referencescale="-1")
    symbols = _sub(renderer, "symbols")
    kind = {"Point": "marker", "LineString": "line"}.get(layer.geometry, "fill")
    symbol = _sub(symbols, "symbol", type=kind, name="0", alpha="1", clip_to_extent="1",
                  force_rhr="0")
    klass = {"marker": "SimpleMarker", "line": "SimpleLine", "fill": "SimpleFill"}[kind]
    style = _sub(symbol, "layer", enabled="1", locked="0", **{"class": klass, "pass": "0"})
    props = {"marker": {"name": "circle", "color": layer.color, "size": "3.2",
                        "outline_color": "255,255,255,255", "outline_width": "0.4"},
             "line": {"line_color": layer.color, "line_width": "0.6"},
             "fill": {"color": "0,0,0,0", "outline_color": layer.color,
                      "outline_width": "0.4", "style": "no"}}[kind]
    _option(style, None, props)


def _vector(parent: ET.Element, layer: ProjectLayer) -> None:
    element = _sub(parent, "maplayer", type="vector", geometry=layer.geometry,
                   wkbType=layer.geometry, readOnly="1" if layer.read_only else "0",
                   minScale="100000000", maxScale="0", hasScaleBasedVisibilityFlag="0")
    _common(element, layer, "ogr")
    _symbol(element, layer)
    if not layer.form:
        return
    configuration = _sub(element, "fieldConfiguration")
    aliases = _sub(element, "aliases")
    defaults = _sub(element, "defaults")
    editable = _sub(element, "editable")
    fid = _sub(_sub(configuration, "field", name="fid", configurationFlags="None"),
               "editWidget", type="Hidden")
    _option(_sub(fid, "config"), None, {})
    for index, form_field in enumerate(layer.form):
        entry = _sub(configuration, "field", name=form_field.name, configurationFlags="None")
        kind, config = _widget(form_field, layer.value_maps)
        widget = _sub(entry, "editWidget", type=kind)
        _option(_sub(widget, "config"), None, config)
        label = form_field.label[0] if layer.lang == "vi" else form_field.label[1]
        _sub(aliases, "alias", field=form_field.name, index=str(index + 1), name=label)
        _sub(defaults, "default", field=form_field.name,
             expression=form_field.default or "",
             applyOnUpdate="1" if form_field.default else "0")
        _sub(editable, "field", name=form_field.name,
             editable="1" if form_field.editable else "0")
    _sub(element, "editform", "", tolerant="1")
    _sub(element, "editorlayout", "generatedlayout")
    _sub(element, "previewExpression", '"name"')


def _raster(parent: ET.Element, layer: ProjectLayer) -> None:
    element = _sub(parent, "maplayer", type="raster", hasScaleBasedVisibilityFlag="0",
                   minScale="1e+08", maxScale="0")
    _common(element, layer, "gdal")


def _common(element: ET.Element, layer: ProjectLayer, provider: str) -> None:
    _sub(element, "id", layer.layer_id)
    _sub(element, "datasource", layer.source)
    _sub(element, "layername", layer.title)
    _srs(_sub(element, "srs"), layer.crs)
    _sub(element, "provider", provider, encoding="UTF-8")


def project_xml(title: str, layers: Sequence[ProjectLayer],
                extent: tuple[float, float, float, float]) -> str:
    """The ``.qgs`` text: ``layers`` drawn top first, the map opening on the Web Mercator
    ``extent`` (xmin, ymin, xmax, ymax), paths relative to the project file."""
    root = ET.Element("qgis", {"projectname": title, "version": QGIS_VERSION})
    _sub(root, "homePath", path="")
    _sub(root, "title", title)
    _srs(_sub(root, "projectCrs"), "EPSG:3857")
    tree = _sub(root, "layer-tree-group")
    for layer in layers:
        _sub(tree, "layer-tree-layer", id=layer.layer_id, name=layer.title,
             source=layer.source, providerKey="gdal" if layer.kind == "raster" else "ogr",
             checked="Qt::Checked", expanded="0")
    canvas = _sub(root, "mapcanvas", name="theMapCanvas")
    _sub(canvas, "units", "meters")
    box = _sub(canvas, "extent")
    for name, value in zip(("xmin", "ymin", "xmax", "ymax"), extent):
        _sub(box, name, repr(float(value)))
    _sub(canvas, "rotation", "0")
    _srs(_sub(canvas, "destinationsrs"), "EPSG:3857")
    project_layers = _sub(root, "projectlayers")
    for layer in layers:
        (_raster if layer.kind == "raster" else _vector)(project_layers, layer)
    order = _sub(root, "layerorder")
    for layer in layers:
        _sub(order, "layer", id=layer.layer_id)
    properties = _sub(root, "properties")
    crs = _sub(properties, "SpatialRefSys")  # without it QGIS ignores <projectCrs>
    _sub(crs, "ProjectionsEnabled", "1", type="int")
    paths = _sub(properties, "Paths")
    _sub(paths, "Absolute", "false", type="bool")
    ET.indent(root)
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            + ET.tostring(root, encoding="unicode") + "\n")
