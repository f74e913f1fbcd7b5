// The Spanish texts of the scored measures, keyed like the English in measures.ts (one source per
// language; the scoring, bands and risk item stay in measures.ts, the same for both). The portal shows
// a Spanish-speaking client these words; answers are option indexes, so scoring does not change.
//
// Sources (the published Spanish versions, copied as closely as known, not paraphrased):
//  - PHQ-9 and GAD-7: Pfizer's Spanish-for-the-USA versions (phqscreeners.com, "No permission
//    required to reproduce, translate, display or distribute"), with their "(a)" gender forms.
//  - PCL-5: the Spanish translation approved for CENTER-TBI (National Center for PTSD instrument,
//    public domain). Its items continue the stem "En el último mes, ¿cuánto le ha molestado…";
//    "rodee uno de los números" is "elija" here, as the English says "choose" instead of "circle".
//  - Crisis resources: 988 Lifeline (press 2 for Spanish) and Crisis Text Line's Spanish service
//    ("AYUDA" to 741741, crisistextline.org, October 2021).
import type { Instrument, InstrumentDef } from './measures.js';

/** What a client reads of an instrument: the same shape in every language. */
export type InstrumentText = Pick<InstrumentDef, 'title' | 'stem' | 'items' | 'options' | 'difficulty'>;

const PHQ_FREQUENCY = ['Ningún día', 'Varios días', 'Más de la mitad de los días', 'Casi todos los días'] as const;
const DIFFICULTY = {
  question:
    'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?',
  options: ['No ha sido difícil', 'Un poco difícil', 'Muy difícil', 'Extremadamente difícil'],
} as const;

const PHQ9_ES: InstrumentText = {
  title: 'Cuestionario sobre la salud del paciente (PHQ-9)',
  stem: 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
  items: [
    'Poco interés o placer en hacer cosas',
    'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
    'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
    'Se ha sentido cansado(a) o con poca energía',
    'Sin apetito o ha comido en exceso',
    'Se ha sentido mal con usted mismo(a) — o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
    'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
    '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario — muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
    'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
  ],
  options: PHQ_FREQUENCY,
  difficulty: DIFFICULTY,
};

const GAD7_ES: InstrumentText = {
  title: 'Trastorno de ansiedad generalizada (GAD-7)',
  stem: 'Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?',
  items: [
    'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
    'No ha sido capaz de parar o controlar su preocupación',
    'Se ha preocupado demasiado por motivos diferentes',
    'Ha tenido dificultad para relajarse',
    'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
    'Se ha molestado o irritado fácilmente',
    'Ha tenido miedo de que algo terrible fuera a pasar',
  ],
  options: PHQ_FREQUENCY,
  difficulty: DIFFICULTY,
};

const PCL5_ES: InstrumentText = {
  title: 'Lista de verificación del TEPT para el DSM-5 (PCL-5)',
  stem: 'Más abajo hay un listado de problemas que las personas tienen a veces debido a una experiencia muy estresante. Lea por favor cada problema detenidamente y después elija con cuánta intensidad le ha molestado ese problema durante el último mes. En el último mes, ¿cuánto le ha molestado…',
  items: [
    'Tener recuerdos repetidos, perturbadores y no deseados de la experiencia estresante?',
    'Tener sueños repetidos, perturbadores de la experiencia estresante?',
    'Sentirse o actuar de repente como si la experiencia estresante volviera a suceder (como si realmente estuviera allí reviviéndola)?',
    'Sentirse muy disgustado(a) cuando algo le recordaba la experiencia estresante?',
    'Tener reacciones físicas intensas cuando algo le recordaba la experiencia estresante (por ejemplo, palpitaciones, dificultades para respirar, sudoración)?',
    'Evitar recuerdos, pensamientos o sentimientos relacionados con la experiencia estresante?',
    'Evitar estímulos externos relacionados con la experiencia estresante (por ejemplo, personas, lugares, conversaciones, actividades, objetos o situaciones)?',
    'Tener dificultades para recordar partes importantes de la experiencia estresante?',
    'Tener fuertes creencias negativas sobre uno mismo, otras personas o el mundo (por ejemplo, tener pensamientos como: no soy una buena persona, hay algo que seriamente no está bien en mí, no se puede confiar en nadie, el mundo es muy peligroso)?',
    'Culparse a sí mismo(a) o a otra persona de la experiencia estresante o de lo que sucedió después?',
    'Tener fuertes sentimientos negativos tales como miedo, terror, ira, culpa o vergüenza?',
    'Perder el interés en actividades que antes solía disfrutar?',
    'Sentirse distante o apartado(a) de los demás?',
    'Dificultades para sentir emociones positivas (por ejemplo, ser incapaz de sentir alegría o tener sentimientos de amor hacia personas cercanas)?',
    'Tener conductas irritables, ataques de ira o actuar de manera agresiva?',
    'Tomar demasiados riesgos o hacer cosas que le pudieran dañar?',
    'Estar muy en alerta o en guardia?',
    'Sentirse asustadizo(a) o sobresaltarse fácilmente?',
    'Tener dificultades para concentrarse?',
    'Tener problemas para dormir o mantener el sueño?',
  ],
  options: ['Nada', 'Un poco', 'Moderadamente', 'Bastante', 'Muchísimo'],
  difficulty: null,
};

export const INSTRUMENT_TEXTS_ES: Readonly<Record<Instrument, InstrumentText>> = { phq9: PHQ9_ES, gad7: GAD7_ES, pcl5: PCL5_ES };

export const CRISIS_RESOURCES_ES = [
  { name: '988 Línea de Prevención del Suicidio y Crisis', how: 'Llame al 988 y presione 2 para español (24/7, gratis, confidencial)', href: 'tel:988' },
  { name: 'Crisis Text Line en español', how: 'Envíe AYUDA por mensaje de texto al 741741', href: 'sms:741741?body=AYUDA' },
  { name: 'Emergencias', how: 'Si está en peligro inmediato, llame al 911', href: 'tel:911' },
] as const;
