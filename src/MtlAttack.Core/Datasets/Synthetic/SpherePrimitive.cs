namespace MtlAttack.Core.Datasets.Synthetic;

internal sealed class SpherePrimitive(int id, Appearance appearance, Vec3 center, double radius, double spin)
    : Primitive(id, SceneClass.Sphere, appearance)
{
    public Vec3 Center { get; } = center;
    public double Radius { get; } = radius;

    /// <summary>Turns the texture about the vertical axis, so spheres of one scene do not all look alike.</summary>
    public double Spin { get; } = spin;

    public override Vec3 FloorCenter => new(Center.X, 0, Center.Z);

    public override (Vec3 Center, double Radius) BoundingSphere => (Center, Radius);

    public override double FootprintRadius => Radius;

    public override double Intersect(in Ray ray, double tMin, double tMax)
    {
        double ox = ray.Origin.X - Center.X, oy = ray.Origin.Y - Center.Y, oz = ray.Origin.Z - Center.Z;
        double dx = ray.Direction.X, dy = ray.Direction.Y, dz = ray.Direction.Z;
        double a = dx * dx + dy * dy + dz * dz;
        double halfB = ox * dx + oy * dy + oz * dz;
        double c = ox * ox + oy * oy + oz * oz - Radius * Radius;
        double discriminant = halfB * halfB - a * c;
        if (discriminant < 0) return Miss;
        double t = (-halfB - Math.Sqrt(discriminant)) / a;
        return t > tMin && t < tMax ? t : Miss;
    }

    public override SurfaceHit Describe(Vec3 point)
    {
        var normal = ((point - Center) / Radius).Normalized();
        double azimuth = Math.Atan2(normal.Z, normal.X) + Spin;
        double elevation = Math.Asin(Math.Clamp(normal.Y, -1, 1));
        return new SurfaceHit(normal, azimuth * Radius, elevation * Radius, 0);
    }
}
