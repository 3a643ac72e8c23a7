global using MtlAttack.Abstractions;
global using MtlAttack.Grains.Hosting;
