namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// Draws one random scene from its (seed, split, index) key alone, so scene k never depends on which scenes
/// were drawn before it, on thread scheduling, or on the dataset's size.
/// </summary>
internal static class SceneGenerator
{
    public const double FieldOfView = Math.PI / 3;

    /// <summary>Ids of the room's sides; objects take ids from <see cref="FirstObjectId"/> on.</summary>
    public const int FloorId = 0, CeilingId = 1, BackWallId = 2, FrontWallId = 3, LeftWallId = 4, RightWallId = 5, FirstObjectId = 6;

    private const int MinObjects = 2, MaxObjects = 6, PlacementAttempts = 40;

    /// <summary>Objects keep this far from each other and from the walls.</summary>
    private const double Clearance = 0.05;

    public static Scene Generate(int seed, string split, int index)
    {
        var random = SceneRandom.ForScene(seed, split, index);

        double roomWidth = random.Uniform(4.5, 7.0);
        double backWallZ = random.Uniform(5.5, 9.0);
        double ceilingHeight = random.Uniform(2.6, 3.4);

        var camera = new Camera(
            position: new Vec3(random.Uniform(-0.4, 0.4), random.Uniform(1.2, 1.9), random.Uniform(0, 0.5)),
            yaw: random.Uniform(-0.15, 0.15),
            pitch: random.Uniform(0.08, 0.38),
            roll: random.Uniform(-0.04, 0.04),
            horizontalFieldOfView: FieldOfView);

        var primitives = Room(
            roomWidth, backWallZ, ceilingHeight, frontWallZ: -1.5,
            floor: ClassStyle.For(SceneClass.Floor).Sample(random),
            wall: ClassStyle.For(SceneClass.Wall).Sample(random),
            ceiling: ClassStyle.For(SceneClass.Ceiling).Sample(random));

        int wanted = random.Int(MinObjects, MaxObjects);
        var objects = new List<Primitive>();
        // A crowded room may not fit `wanted` objects: stop at the first one that finds no free spot, unless
        // fewer than the minimum stand so far.
        for (int attempt = 0; objects.Count < wanted && attempt < wanted + 8; attempt++)
        {
            var placed = TryPlaceObject(random, FirstObjectId + objects.Count, objects, camera, roomWidth, backWallZ);
            if (placed is not null) objects.Add(placed);
            else if (objects.Count >= MinObjects) break;
        }
        primitives.AddRange(objects);

        var light = new Vec3(
            random.Uniform(-roomWidth / 2 + 0.5, roomWidth / 2 - 0.5),
            ceilingHeight - random.Uniform(0.3, 0.8),
            random.Uniform(0.5, backWallZ - 1.0));
        return new Scene(camera, primitives, light, ambient: random.Uniform(0.22, 0.35), lightStrength: random.Uniform(0.9, 1.2));
    }

    /// <summary>The six sides of a room spanning x in [-width/2, width/2], y in [0, ceiling], z in [frontWallZ, backWallZ].</summary>
    public static List<Primitive> Room(double width, double backWallZ, double ceilingHeight, double frontWallZ, Appearance floor, Appearance wall, Appearance ceiling) =>
    [
        new RoomPlane(FloorId, SceneClass.Floor, floor, axis: 1, offset: 0, inwardSign: 1),
        new RoomPlane(CeilingId, SceneClass.Ceiling, ceiling, axis: 1, offset: ceilingHeight, inwardSign: -1),
        new RoomPlane(BackWallId, SceneClass.Wall, wall, axis: 2, offset: backWallZ, inwardSign: -1),
        new RoomPlane(FrontWallId, SceneClass.Wall, wall, axis: 2, offset: frontWallZ, inwardSign: 1),
        new RoomPlane(LeftWallId, SceneClass.Wall, wall, axis: 0, offset: -width / 2, inwardSign: 1),
        new RoomPlane(RightWallId, SceneClass.Wall, wall, axis: 0, offset: width / 2, inwardSign: -1),
    ];

    private static Primitive? TryPlaceObject(SceneRandom random, int id, List<Primitive> placed, Camera camera, double roomWidth, double backWallZ)
    {
        var sceneClass = (SceneClass)random.Int((int)SceneClass.Box, (int)SceneClass.Cylinder);
        var appearance = ClassStyle.For(sceneClass).Sample(random);
        double yaw = random.Uniform(0, Math.PI / 2);
        var shape = sceneClass switch
        {
            SceneClass.Box => new Vec3(random.Uniform(0.2, 0.55), random.Uniform(0.15, 0.6), random.Uniform(0.2, 0.55)),
            SceneClass.Sphere => new Vec3(random.Uniform(0.2, 0.55), 0, 0),
            _ => new Vec3(random.Uniform(0.15, 0.4), random.Uniform(0.4, 1.5), 0),
        };
        double footprint = sceneClass == SceneClass.Box ? Math.Sqrt(shape.X * shape.X + shape.Z * shape.Z) : shape.X;

        double halfView = Math.Tan(camera.HorizontalFieldOfView / 2) * 0.85;
        for (int attempt = 0; attempt < PlacementAttempts; attempt++)
        {
            double z = random.Uniform(camera.Position.Z + 1.6, backWallZ - footprint - Clearance);
            double reach = Math.Min((z - camera.Position.Z) * halfView, roomWidth / 2 - footprint - Clearance);
            double x = camera.Position.X + random.Uniform(-reach, reach);
            if (Math.Abs(x) > roomWidth / 2 - footprint - Clearance) continue;
            bool overlaps = placed.Any(other =>
            {
                var c = other.FloorCenter;
                double dx = c.X - x, dz = c.Z - z;
                return Math.Sqrt(dx * dx + dz * dz) < footprint + other.FootprintRadius + Clearance;
            });
            if (overlaps) continue;

            return sceneClass switch
            {
                SceneClass.Box => new BoxPrimitive(id, appearance, new Vec3(x, shape.Y, z), shape, yaw),
                SceneClass.Sphere => new SpherePrimitive(id, appearance, new Vec3(x, shape.X, z), shape.X, yaw),
                _ => new CylinderPrimitive(id, appearance, new Vec3(x, 0, z), shape.X, shape.Y, yaw),
            };
        }
        return null;
    }
}
