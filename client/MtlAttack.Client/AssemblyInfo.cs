namespace MtlAttack.Client;
