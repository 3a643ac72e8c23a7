namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>An upright cylinder standing on <see cref="BaseCenter"/>, with both caps.</summary>
internal sealed class CylinderPrimitive(int id, Appearance appearance, Vec3 baseCenter, double radius, double height, double spin)
    : Primitive(id, SceneClass.Cylinder, appearance)
{
    private const int SideFace = 0, TopFace = 1, BottomFace = 2;

    public Vec3 BaseCenter { get; } = baseCenter;
    public double Radius { get; } = radius;
    public double Height { get; } = height;

    /// <summary>Turns the texture and the rim keypoints about the axis.</summary>
    public double Spin { get; } = spin;

    public override Vec3 FloorCenter => BaseCenter;

    public override (Vec3 Center, double Radius) BoundingSphere =>
        (BaseCenter + new Vec3(0, Height / 2, 0), Math.Sqrt(Radius * Radius + Height * Height / 4));

    public override double FootprintRadius => Radius;

    /// <summary>Four points on the top rim, a quarter turn apart.</summary>
    public override IEnumerable<Vec3> Keypoints
    {
        get
        {
            for (int k = 0; k < 4; k++)
            {
                double angle = Spin + k * Math.PI / 2;
                yield return BaseCenter + new Vec3(Radius * Math.Cos(angle), Height, Radius * Math.Sin(angle));
            }
        }
    }

    public override double Intersect(in Ray ray, double tMin, double tMax)
    {
        double best = tMax;

        // Side: only the entering root can be seen from outside; a ray that enters through a cap meets the cap first.
        double ox = ray.Origin.X - BaseCenter.X, oz = ray.Origin.Z - BaseCenter.Z;
        double dx = ray.Direction.X, dz = ray.Direction.Z;
        double a = dx * dx + dz * dz;
        if (a > 0)
        {
            double halfB = ox * dx + oz * dz;
            double c = ox * ox + oz * oz - Radius * Radius;
            double discriminant = halfB * halfB - a * c;
            if (discriminant >= 0)
            {
                double t = (-halfB - Math.Sqrt(discriminant)) / a;
                double y = ray.Origin.Y + t * ray.Direction.Y - BaseCenter.Y;
                if (t > tMin && t < best && y >= 0 && y <= Height) best = t;
            }
        }

        double dy = ray.Direction.Y;
        if (dy != 0)
        {
            best = Cap(ox, oz, dx, dz, (BaseCenter.Y + Height - ray.Origin.Y) / dy, tMin, best);
            best = Cap(ox, oz, dx, dz, (BaseCenter.Y - ray.Origin.Y) / dy, tMin, best);
        }
        return best < tMax ? best : Miss;
    }

    private double Cap(double ox, double oz, double dx, double dz, double t, double tMin, double best)
    {
        if (!(t > tMin && t < best)) return best;
        double x = ox + t * dx, z = oz + t * dz;
        return x * x + z * z <= Radius * Radius ? t : best;
    }

    public override SurfaceHit Describe(Vec3 point)
    {
        var radial = new Vec3(point.X - BaseCenter.X, 0, point.Z - BaseCenter.Z);
        double y = point.Y - BaseCenter.Y;
        // The face is the one the point lies closest to; on a rim either answer is right.
        double sideGap = Math.Abs(radial.Length - Radius), topGap = Math.Abs(y - Height), bottomGap = Math.Abs(y);
        if (sideGap <= topGap && sideGap <= bottomGap)
        {
            var normal = radial.Normalized();
            double azimuth = Math.Atan2(normal.Z, normal.X) - Spin;
            return new SurfaceHit(normal, azimuth * Radius, y, SideFace);
        }
        var turned = radial.RotateY(Spin);
        return topGap <= bottomGap
            ? new SurfaceHit(Vec3.UnitY, turned.X, turned.Z, TopFace)
            : new SurfaceHit(-Vec3.UnitY, turned.X, turned.Z, BottomFace);
    }
}
