namespace MtlAttack.Grains;
