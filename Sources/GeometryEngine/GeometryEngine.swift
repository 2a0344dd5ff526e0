// GeometryEngine
