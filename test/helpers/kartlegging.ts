/** A complete kartlegging made with the common tool (model version 1), as a team would fill it in. */
export const KOMPLETT_KARTLEGGING = {
  funksjonOgAdl: {
    personligHygiene: 'litt_hjelp',
    paOgAvkledning: 'litt_hjelp',
    toalett: 'selvhjulpen',
    forflytning: 'litt_hjelp',
    mobilitetInne: 'selvhjulpen',
    mobilitetUte: 'mye_hjelp',
    fallSisteAr: 'flere',
    kommentar: 'Går med rullator inne, trenger følge ute',
  },
  kognisjon: { svikt: 'lett', kommentar: 'Glemmer avtaler' },
  ernaering: { risiko: 'noe', utilsiktetVekttap: true },
  legemiddelhandtering: { handteresAv: 'hjemmetjenesten', pll: 'pll_oppdatert' },
  bolig: { boform: 'enebolig', borAlene: true, tilgjengelighet: 'trapp_uten_heis', kommentar: 'Soverom i andre etasje' },
  hjelpemidler: { har: ['rullator'], trenger: ['dusjstol', 'trygghetsalarm'] },
  parorendeOgNettverk: { harParorende: true, parorendeInvolvert: 'delvis', kommentar: 'Datter i Mosjøen' },
  tjenesterForInnleggelse: { tjenester: ['praktisk_bistand'] },
  pasientensMal: { hvaErViktigForDeg: 'Å kunne bo hjemme og gå tur med hunden' },
  behovEtterUtskrivning: { tjenester: ['hjemmesykepleie', 'trygghetsalarm', 'hjelpemidler'] },
  anbefaling: { tekst: 'Hjem med hjemmesykepleie morgen og kveld, trygghetsalarm og dusjstol' },
};
