namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>A box turned by <see cref="Yaw"/> about the vertical through its centre.</summary>
internal sealed class BoxPrimitive(int id, Appearance appearance, Vec3 center, Vec3 halfExtents, double yaw)
    : Primitive(id, SceneClass.Box, appearance)
{
    private readonly double _cos = Math.Cos(yaw), _sin = Math.Sin(yaw);

    public Vec3 Center { get; } = center;
    public Vec3 HalfExtents { get; } = halfExtents;
    public double Yaw { get; } = yaw;

    public override Vec3 FloorCenter => new(Center.X, 0, Center.Z);

    public override (Vec3 Center, double Radius) BoundingSphere => (Center, HalfExtents.Length);

    public override double FootprintRadius => Math.Sqrt(HalfExtents.X * HalfExtents.X + HalfExtents.Z * HalfExtents.Z);

    public override IEnumerable<Vec3> Keypoints
    {
        get
        {
            for (int corner = 0; corner < 8; corner++)
            {
                var local = new Vec3(
                    (corner & 1) == 0 ? -HalfExtents.X : HalfExtents.X,
                    (corner & 2) == 0 ? -HalfExtents.Y : HalfExtents.Y,
                    (corner & 4) == 0 ? -HalfExtents.Z : HalfExtents.Z);
                yield return Center + local.RotateY(Yaw);
            }
        }
    }

    public override double Intersect(in Ray ray, double tMin, double tMax)
    {
        // Slab test in the box's own frame, where it is axis-aligned.
        double x = ray.Origin.X - Center.X, z = ray.Origin.Z - Center.Z;
        double dx = ray.Direction.X, dz = ray.Direction.Z;
        double tNear = double.NegativeInfinity, tFar = double.PositiveInfinity;
        if (!Slab(_cos * x - _sin * z, _cos * dx - _sin * dz, HalfExtents.X, ref tNear, ref tFar)) return Miss;
        if (!Slab(ray.Origin.Y - Center.Y, ray.Direction.Y, HalfExtents.Y, ref tNear, ref tFar)) return Miss;
        if (!Slab(_sin * x + _cos * z, _sin * dx + _cos * dz, HalfExtents.Z, ref tNear, ref tFar)) return Miss;
        return tNear > tMin && tNear < tMax ? tNear : Miss;
    }

    private static bool Slab(double origin, double direction, double halfExtent, ref double tNear, ref double tFar)
    {
        if (direction == 0) return origin >= -halfExtent && origin <= halfExtent;
        double t1 = (-halfExtent - origin) / direction, t2 = (halfExtent - origin) / direction;
        if (t1 > t2) (t1, t2) = (t2, t1);
        if (t1 > tNear) tNear = t1;
        if (t2 < tFar) tFar = t2;
        return tNear <= tFar;
    }

    public override SurfaceHit Describe(Vec3 point)
    {
        var local = (point - Center).RotateY(-Yaw);
        // The face is the one the point lies closest to; on an edge either answer is right.
        int axis = 0;
        double gap = HalfExtents.X - Math.Abs(local.X);
        if (HalfExtents.Y - Math.Abs(local.Y) < gap) { axis = 1; gap = HalfExtents.Y - Math.Abs(local.Y); }
        if (HalfExtents.Z - Math.Abs(local.Z) < gap) axis = 2;
        double sign = local[axis] >= 0 ? 1 : -1;
        var (u, v) = axis switch
        {
            0 => (local.Z, local.Y),
            1 => (local.X, local.Z),
            _ => (local.X, local.Y),
        };
        return new SurfaceHit(Vec3.Axis(axis, sign).RotateY(Yaw), u, v, axis * 2 + (sign > 0 ? 1 : 0));
    }
}
