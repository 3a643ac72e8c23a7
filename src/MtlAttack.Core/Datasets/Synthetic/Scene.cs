namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>Everything the ray caster needs: camera, surfaces and one point light, all inside a closed room.</summary>
internal sealed class Scene
{
    /// <summary>The Lambert term falls off as 1 / (1 + LightFalloff * d^2) with distance d to the light.</summary>
    public const double LightFalloff = 0.02;

    private readonly Primitive[] _surfaces;
    private readonly Primitive[] _objects;

    /// <summary>The room's sides by axis: the low side (facing +axis) and the high side.</summary>
    private readonly RoomPlane[] _lowSides = new RoomPlane[3], _highSides = new RoomPlane[3];
    private readonly double[] _lowOffsets = new double[3], _highOffsets = new double[3];

    /// <summary>Bounding spheres of the objects as x, y, z, radius^2 per object, laid out for the inner loops.</summary>
    private readonly double[] _bounds;

    /// <param name="primitives">The room's sides (<see cref="RoomPlane"/>) and the objects inside.</param>
    /// <param name="ambient">Light every surface gets regardless of orientation and shadow, in [0, 1].</param>
    /// <param name="lightStrength">Scale of the Lambert term at zero distance.</param>
    public Scene(Camera camera, IReadOnlyList<Primitive> primitives, Vec3 lightPosition, double ambient, double lightStrength, bool castShadows = true)
    {
        Camera = camera;
        _surfaces = [.. primitives];
        _objects = primitives.Where(p => p is not RoomPlane).ToArray();
        _bounds = new double[4 * _objects.Length];
        for (int i = 0; i < _objects.Length; i++)
        {
            var (center, radius) = _objects[i].BoundingSphere;
            (_bounds[4 * i], _bounds[4 * i + 1], _bounds[4 * i + 2], _bounds[4 * i + 3]) = (center.X, center.Y, center.Z, radius * radius);
        }
        foreach (var side in primitives.OfType<RoomPlane>())
        {
            var sides = side.FacesPositive ? _lowSides : _highSides;
            if (sides[side.Axis] is not null)
                throw new ArgumentException($"The room has two sides facing the same way on axis {side.Axis}; it needs exactly one per direction.", nameof(primitives));
            sides[side.Axis] = side;
            (side.FacesPositive ? _lowOffsets : _highOffsets)[side.Axis] = side.Offset;
        }
        if (_lowSides.Any(s => s is null) || _highSides.Any(s => s is null))
            throw new ArgumentException("The room must be closed: one floor, one ceiling and four walls.", nameof(primitives));
        LightPosition = lightPosition;
        Ambient = ambient;
        LightStrength = lightStrength;
        CastShadows = castShadows;
    }

    public Camera Camera { get; }
    public IReadOnlyList<Primitive> Primitives => _surfaces;
    public IReadOnlyList<Primitive> Objects => _objects;
    public Vec3 LightPosition { get; }
    public double Ambient { get; }
    public double LightStrength { get; }
    public bool CastShadows { get; }

    /// <summary>The nearest surface along the ray and its ray parameter, or null if the ray leaves the scene.</summary>
    public Primitive? Cast(in Ray ray, out double t)
    {
        // From inside a closed axis-aligned room, a ray leaves through one side per axis at most (the one it
        // moves towards); the nearest of those three is where it meets the room. Six plane tests become three.
        Primitive? nearest = null;
        t = double.PositiveInfinity;
        AxisExit(0, ray.Origin.X, ray.Direction.X, ref t, ref nearest);
        AxisExit(1, ray.Origin.Y, ray.Direction.Y, ref t, ref nearest);
        AxisExit(2, ray.Origin.Z, ray.Direction.Z, ref t, ref nearest);
        for (int i = 0; i < _objects.Length; i++)
        {
            if (!MayHit(ray, i, 0)) continue;
            double hit = _objects[i].Intersect(ray, 0, t);
            if (hit < t) { t = hit; nearest = _objects[i]; }
        }
        return nearest;
    }

    private void AxisExit(int axis, double origin, double direction, ref double t, ref Primitive? nearest)
    {
        if (direction == 0) return;
        double hit = ((direction > 0 ? _highOffsets[axis] : _lowOffsets[axis]) - origin) / direction;
        if (hit > 0 && hit < t) { t = hit; nearest = direction > 0 ? _highSides[axis] : _lowSides[axis]; }
    }

    /// <summary>
    /// Whether an object lies on the ray between parameters tMin and tMax. Only objects are tested: both ends
    /// of every segment we ask about (camera, light, surface points) are inside the room, and a closed box of
    /// planes cannot come between two points inside it.
    /// </summary>
    public bool IsBlockedByObject(in Ray ray, double tMin, double tMax)
    {
        for (int i = 0; i < _objects.Length; i++)
            if (MayHit(ray, i, tMin) && _objects[i].Intersect(ray, tMin, tMax) < tMax) return true;
        return false;
    }

    /// <summary>
    /// Whether the ray can meet object <paramref name="index"/>'s bounding sphere beyond tMin. Scalar code on
    /// flat arrays: it runs for every object on every ray, and most rays pass far from most objects.
    /// </summary>
    private bool MayHit(in Ray ray, int index, double tMin)
    {
        double ox = ray.Origin.X - _bounds[4 * index], oy = ray.Origin.Y - _bounds[4 * index + 1], oz = ray.Origin.Z - _bounds[4 * index + 2];
        double dx = ray.Direction.X, dy = ray.Direction.Y, dz = ray.Direction.Z;
        double a = dx * dx + dy * dy + dz * dz;
        double halfB = ox * dx + oy * dy + oz * dz;
        double c = ox * ox + oy * oy + oz * oz - _bounds[4 * index + 3];
        double discriminant = halfB * halfB - a * c;
        // The far root must lie beyond tMin, or the whole sphere is behind the ray's start.
        return discriminant >= 0 && -halfB + Math.Sqrt(discriminant) > tMin * a;
    }
}
