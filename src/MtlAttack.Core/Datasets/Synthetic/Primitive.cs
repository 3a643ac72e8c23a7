namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// A surface of the scene with its class and paint. Intersection is split in two: <see cref="Intersect"/> is
/// called for every primitive on every ray and only finds the distance; <see cref="Describe"/> runs once per
/// ray, for the nearest primitive.
/// </summary>
internal abstract class Primitive(int id, SceneClass sceneClass, Appearance appearance)
{
    protected const double Miss = double.PositiveInfinity;

    /// <summary>Unique within a scene; instance boundaries in the edge target come from it.</summary>
    public int Id { get; } = id;
    public SceneClass Class { get; } = sceneClass;
    public Appearance Appearance { get; } = appearance;

    /// <summary>The ray parameter of the first hit with tMin &lt; t &lt; tMax, seen from outside; +infinity if none.</summary>
    public abstract double Intersect(in Ray ray, double tMin, double tMax);

    /// <summary>Normal, surface coordinates and face at <paramref name="point"/>, a point on this surface.</summary>
    public abstract SurfaceHit Describe(Vec3 point);

    /// <summary>World points that the keypoint target marks where they are visible.</summary>
    public virtual IEnumerable<Vec3> Keypoints => [];

    /// <summary>Radius of the floor footprint around <see cref="FloorCenter"/>, for placing objects without overlap.</summary>
    public virtual double FootprintRadius => 0;

    /// <summary>Where the primitive stands on the floor; only objects have one.</summary>
    public virtual Vec3 FloorCenter => throw new NotSupportedException($"{Class} surface {Id} does not stand on the floor.");

    /// <summary>A sphere enclosing the primitive, for cheap rejection of rays that pass far from it.</summary>
    public virtual (Vec3 Center, double Radius) BoundingSphere => (Vec3.Zero, double.PositiveInfinity);
}
